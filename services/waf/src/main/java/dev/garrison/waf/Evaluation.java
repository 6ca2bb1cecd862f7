package dev.garrison.waf;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One request's pass through a web ACL: the request, when it arrived, and the labels rules have added so far. */
final class Evaluation {
    final WebRequest request;
    final Instant now;
    final Set<String> labels = new LinkedHashSet<>();
    /** Field values already transformed, by {@link Inspection#key()}: each pair is transformed once per request. */
    final Map<String, List<String>> transformed = new HashMap<>();

    Evaluation(WebRequest request, Instant now) {
        this.request = request;
        this.now = now;
    }
}
