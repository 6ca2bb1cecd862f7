package dev.garrison.waf;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A compiled rule action: Allow and Count with the request headers they insert (named
 * {@code x-amzn-waf-NAME}, as AWS WAF names them), Block with its response, CAPTCHA and Challenge
 * with the headers they insert when the request's token passes and how long a solve counts
 * ({@code immunitySeconds}; 0 leaves it to the web ACL).
 */
record ActionPlan(Kind kind, List<Map.Entry<String, String>> insertHeaders, @Nullable BlockResponse response,
        long immunitySeconds) {
    enum Kind {
        ALLOW,
        BLOCK,
        COUNT,
        CAPTCHA,
        CHALLENGE
    }

    static final ActionPlan COUNT = new ActionPlan(Kind.COUNT, List.of(), null, 0);

    /** Whether the action always ends the evaluation (CAPTCHA and Challenge end it only without a good token). */
    boolean terminating() {
        return kind == Kind.ALLOW || kind == Kind.BLOCK;
    }

    /** Whether the action asks the client for a token. */
    boolean checksToken() {
        return kind == Kind.CAPTCHA || kind == Kind.CHALLENGE;
    }
}
