package dev.garrison.kms;

import dev.garrison.platform.core.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A grant: {@code grantee} may perform {@code operations} on the key, within the constraints.
 *
 * @param region the region of the multi-Region key copy the grant is on (each copy has its own
 *     grants, as in KMS); null for a single-Region key, and for grants made before copies had their own
 * @param contextEquals the encryption context a request must carry exactly, or null
 * @param contextSubset pairs a request's encryption context must include, or null
 */
record KmsGrant(String grantId, String token, String keyId, @Nullable String region, @Nullable String name,
        String grantee, @Nullable String retiring, List<String> operations, @Nullable Map<String, String> contextEquals,
        @Nullable Map<String, String> contextSubset, String issuingAccount, Instant created) {

    KmsGrant {
        operations = List.copyOf(operations);
        contextEquals = contextEquals == null ? null : Map.copyOf(contextEquals);
        contextSubset = contextSubset == null ? null : Map.copyOf(contextSubset);
    }

    /** The storage row of the key the grant is on: its id, with the region for a multi-Region copy. */
    String keyRow() {
        return region == null ? keyId : keyId + "/" + region;
    }

    /** Whether the grant is on {@code key} (a grant from before copies had their own is on every copy). */
    boolean on(KmsKey key) {
        return region == null ? keyId.equals(key.keyId()) : keyRow().equals(key.rowId());
    }

    /** True when this grant lets {@code caller} perform {@code operation} with {@code context}. */
    boolean allows(Principal caller, String operation, Map<String, String> context) {
        if (!operations.contains(operation) || !names(caller)) {
            return false;
        }
        if (contextEquals != null && !contextEquals.equals(context)) {
            return false;
        }
        return contextSubset == null || context.entrySet().containsAll(contextSubset.entrySet());
    }

    /** The grantee is the caller itself, or the role whose session the caller is. */
    boolean names(Principal caller) {
        return grantee.equals(caller.arn()) || grantee.equals(roleOf(caller));
    }

    /** The role a role session belongs to, as an IAM role ARN; null for other principals. */
    static @Nullable String roleOf(Principal caller) {
        if (!caller.type().equals("AssumedRole")) {
            return null;
        }
        String[] resource = caller.arn().split(":", 6)[5].split("/");
        return resource.length < 2 ? null : "arn:aws:iam::" + caller.accountId() + ":role/" + resource[1];
    }
}
