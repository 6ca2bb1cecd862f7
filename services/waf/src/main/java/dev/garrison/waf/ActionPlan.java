package dev.garrison.waf;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A compiled rule action: Allow and Count with the request headers they insert (named
 * {@code x-amzn-waf-NAME}, as AWS WAF names them), Block with its response.
 */
record ActionPlan(Kind kind, List<Map.Entry<String, String>> insertHeaders, @Nullable BlockResponse response) {
    enum Kind {
        ALLOW,
        BLOCK,
        COUNT
    }

    boolean terminating() {
        return kind != Kind.COUNT;
    }
}
