package dev.garrison.platform.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Who made a call, as CloudTrail's {@code userIdentity} describes it.
 *
 * @param type {@code IAMUser}, {@code AssumedRole} or {@code Root}
 * @param principalId the unique id ({@code AIDA...}, or {@code AROA...:session})
 * @param arn the caller's ARN
 * @param accountId the owning account
 * @param name the user name, or the role session name
 * @param accessKeyId the access key the call was signed with
 * @param mfaAuthenticatedAt when the session the call was signed in was authenticated with an MFA
 *     device, or null (CloudTrail's {@code sessionContext.attributes.mfaAuthenticated})
 */
public record Principal(String type, String principalId, String arn, String accountId, String name,
        @Nullable String accessKeyId, @Nullable Instant mfaAuthenticatedAt) {

    /** A principal not authenticated with MFA. */
    public Principal(String type, String principalId, String arn, String accountId, String name,
            @Nullable String accessKeyId) {
        this(type, principalId, arn, accountId, name, accessKeyId, null);
    }

    public Principal {
        requireNonNull(type, "type");
        requireNonNull(principalId, "principalId");
        requireNonNull(arn, "arn");
        requireNonNull(accountId, "accountId");
        requireNonNull(name, "name");
    }
}
