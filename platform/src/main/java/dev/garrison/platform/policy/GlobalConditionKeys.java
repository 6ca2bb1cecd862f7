package dev.garrison.platform.policy;

import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.Principal;
import java.time.Instant;
import java.util.Locale;

/**
 * The {@code aws:} keys every request carries, from the caller and the call. Services add their
 * own keys ({@code kms:EncryptionContext:...}) and the tag keys on the builder this returns.
 */
public final class GlobalConditionKeys {
    /*
     * Key names in the lower case the context keeps them in, made once rather than on every
     * authorized call, which carries all of them.
     */
    private static final String PRINCIPAL_ARN = lower("aws:PrincipalArn");
    private static final String PRINCIPAL_ACCOUNT = lower("aws:PrincipalAccount");
    private static final String PRINCIPAL_TYPE = lower("aws:PrincipalType");
    private static final String USER_ID = lower("aws:userid");
    private static final String SOURCE_IP = lower("aws:SourceIp");
    private static final String CURRENT_TIME = lower("aws:CurrentTime");
    private static final String EPOCH_TIME = lower("aws:EpochTime");
    private static final String SECURE_TRANSPORT = lower("aws:SecureTransport");
    private static final String REQUESTED_REGION = lower("aws:RequestedRegion");
    private static final String MULTI_FACTOR_AUTH_PRESENT = lower("aws:MultiFactorAuthPresent");
    private static final String MULTI_FACTOR_AUTH_AGE = lower("aws:MultiFactorAuthAge");
    private static final String USERNAME = lower("aws:username");
    private static final String USER_AGENT = lower("aws:UserAgent");

    private GlobalConditionKeys() {}

    private static String lower(String key) {
        return key.toLowerCase(Locale.ROOT);
    }

    /**
     * The keys of {@code call}: {@code aws:SecureTransport} from how it came, and
     * {@code aws:MultiFactorAuthPresent} and {@code aws:MultiFactorAuthAge} from the caller's
     * session (the age only when the session was authenticated with MFA, as in AWS).
     */
    public static ConditionContext.Builder of(CallContext call) {
        Principal principal = call.principal();
        Instant mfa = principal.mfaAuthenticatedAt();
        ConditionContext.Builder keys = ConditionContext.builder()
                .put(PRINCIPAL_ARN, principal.arn())
                .put(PRINCIPAL_ACCOUNT, principal.accountId())
                .put(PRINCIPAL_TYPE, principalType(principal))
                .put(USER_ID, principal.principalId())
                .put(SOURCE_IP, call.sourceIp())
                .put(CURRENT_TIME, call.receivedAt().toString())
                .put(EPOCH_TIME, Long.toString(call.receivedAt().getEpochSecond()))
                .put(SECURE_TRANSPORT, Boolean.toString(call.secureTransport()))
                .put(REQUESTED_REGION, call.region())
                .put(MULTI_FACTOR_AUTH_PRESENT, Boolean.toString(mfa != null));
        if (mfa != null) {
            long age = Math.max(0, call.receivedAt().getEpochSecond() - mfa.getEpochSecond());
            keys.put(MULTI_FACTOR_AUTH_AGE, Long.toString(age));
        }
        if (principal.type().equals("IAMUser")) {
            keys.put(USERNAME, principal.name());
        }
        if (!call.userAgent().isEmpty()) {
            keys.put(USER_AGENT, call.userAgent());
        }
        return keys;
    }

    /** IAM's aws:PrincipalType values. */
    private static String principalType(Principal principal) {
        return switch (principal.type()) {
            case "IAMUser" -> "User";
            case "Root" -> "Account";
            default -> principal.type();
        };
    }
}
