package dev.garrison.waf;

import org.jspecify.annotations.Nullable;

/**
 * RateBasedStatement: counts each request the scope-down statement lets through (all, without
 * one) under its aggregation key, and matches while that key's count in the window is over the
 * limit. A request whose key cannot be read is not counted and does not match, except that a
 * missing or malformed forwarded IP takes the configured fallback ({@code forwarded}, when the key
 * uses one).
 */
final class RateBasedMatch implements Matcher {
    private final RateCounter counter;
    private final long limit;
    private final RateKey key;
    private final @Nullable Matcher scopeDown;
    private final @Nullable ForwardedIp forwarded;

    RateBasedMatch(RateCounter counter, long limit, RateKey key, @Nullable Matcher scopeDown, @Nullable ForwardedIp forwarded) {
        this.counter = counter;
        this.limit = limit;
        this.key = key;
        this.scopeDown = scopeDown;
        this.forwarded = forwarded;
    }

    @Override
    public boolean matches(Evaluation evaluation) {
        if (scopeDown != null && !scopeDown.matches(evaluation)) {
            return false;
        }
        if (forwarded != null && forwarded.addresses(evaluation.request) == null) {
            return forwarded.fallbackMatches();
        }
        String value = key.of(evaluation);
        return value != null && counter.hit(value, evaluation.now, limit);
    }
}
