package dev.garrison.waf;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/** One request's pass through a web ACL: the request, when it arrived, and the labels rules have added so far. */
final class Evaluation {
    final WebRequest request;
    final Instant now;
    final Set<String> labels = new LinkedHashSet<>();

    Evaluation(WebRequest request, Instant now) {
        this.request = request;
        this.now = now;
    }
}
