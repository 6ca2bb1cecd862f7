package dev.garrison.platform.policy;

import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.Principal;
import java.time.Instant;

/**
 * The {@code aws:} keys every request carries, from the caller and the call. Services add their
 * own keys ({@code kms:EncryptionContext:...}) and the tag keys on the builder this returns.
 */
public final class GlobalConditionKeys {
    private GlobalConditionKeys() {}

    /**
     * The keys of {@code call}: {@code aws:SecureTransport} from how it came, and
     * {@code aws:MultiFactorAuthPresent} and {@code aws:MultiFactorAuthAge} from the caller's
     * session (the age only when the session was authenticated with MFA, as in AWS).
     */
    public static ConditionContext.Builder of(CallContext call) {
        Principal principal = call.principal();
        Instant mfa = principal.mfaAuthenticatedAt();
        ConditionContext.Builder keys = ConditionContext.builder()
                .put("aws:PrincipalArn", principal.arn())
                .put("aws:PrincipalAccount", principal.accountId())
                .put("aws:PrincipalType", principalType(principal))
                .put("aws:userid", principal.principalId())
                .put("aws:SourceIp", call.sourceIp())
                .put("aws:CurrentTime", call.receivedAt().toString())
                .put("aws:EpochTime", Long.toString(call.receivedAt().getEpochSecond()))
                .put("aws:SecureTransport", Boolean.toString(call.secureTransport()))
                .put("aws:RequestedRegion", call.region())
                .put("aws:MultiFactorAuthPresent", Boolean.toString(mfa != null));
        if (mfa != null) {
            long age = Math.max(0, call.receivedAt().getEpochSecond() - mfa.getEpochSecond());
            keys.put("aws:MultiFactorAuthAge", Long.toString(age));
        }
        if (principal.type().equals("IAMUser")) {
            keys.put("aws:username", principal.name());
        }
        if (!call.userAgent().isEmpty()) {
            keys.put("aws:UserAgent", call.userAgent());
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
