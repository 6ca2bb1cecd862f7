package dev.garrison.waf;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One request's pass through a web ACL: the request, when it arrived, the labels rules have added
 * so far, and its token once a CAPTCHA or Challenge rule has asked.
 */
final class Evaluation {
    final WebRequest request;
    final Instant now;
    final Set<String> labels = new LinkedHashSet<>();
    /** Field values already transformed, by {@link Inspection#slot()}: each pair is transformed once per request. */
    final @Nullable List<String>[] transformed;
    /** What SQL injection and XSS statements found, in order; a rule keeps those of its own match. */
    final List<MatchDetail> details = new ArrayList<>();
    /** The rules referencing rule groups whose rules all let the request pass. */
    final List<CompiledRule> passed = new ArrayList<>();

    private @Nullable TokenState token;

    @SuppressWarnings("unchecked")
    Evaluation(WebRequest request, Instant now, int inspections) {
        this.request = request;
        this.now = now;
        this.transformed = new List[inspections];
    }

    /** The request's token as {@code policy} judges it, read once per request. */
    TokenState token(TokenPolicy policy) {
        if (token == null) {
            token = policy.read(request);
        }
        return token;
    }
}
