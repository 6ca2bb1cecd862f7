package dev.garrison.waf;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** What a request's {@code aws-waf-token} is worth to a web ACL. */
record TokenState(Status status, @Nullable WafToken token) {
    enum Status {
        ABSENT,
        INVALID,
        DOMAIN_MISMATCH,
        PRESENT
    }

    static final TokenState ABSENT = new TokenState(Status.ABSENT, null);

    /**
     * Null when the token proves a solve of what {@code kind} asks (a CAPTCHA puzzle or a
     * challenge) no more than {@code immunitySeconds} before {@code now}; else the failure reason
     * AWS WAF logs.
     */
    @Nullable String failure(ActionPlan.Kind kind, long immunitySeconds, Instant now) {
        return switch (status) {
            case ABSENT -> "TOKEN_MISSING";
            case INVALID -> "TOKEN_INVALID";
            case DOMAIN_MISMATCH -> "TOKEN_DOMAIN_MISMATCH";
            case PRESENT -> {
                long solvedAt = kind == ActionPlan.Kind.CAPTCHA ? token.captchaAt() : token.challengeAt();
                if (solvedAt == 0) {
                    yield "TOKEN_MISSING";
                }
                yield now.getEpochSecond() - solvedAt <= immunitySeconds ? null : "TOKEN_EXPIRED";
            }
        };
    }
}
