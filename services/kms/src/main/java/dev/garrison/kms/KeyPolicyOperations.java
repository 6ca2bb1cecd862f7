package dev.garrison.kms;

import dev.garrison.api.kms.GetKeyPolicyRequest;
import dev.garrison.api.kms.GetKeyPolicyResponse;
import dev.garrison.api.kms.KMSInvalidStateException;
import dev.garrison.api.kms.ListKeyPoliciesRequest;
import dev.garrison.api.kms.ListKeyPoliciesResponse;
import dev.garrison.api.kms.MalformedPolicyDocumentException;
import dev.garrison.api.kms.NotFoundException;
import dev.garrison.api.kms.PutKeyPolicyRequest;
import dev.garrison.platform.core.AwsException;
import dev.garrison.platform.core.CallContext;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * GetKeyPolicy, PutKeyPolicy, ListKeyPolicies. A new policy is refused when it would lock the
 * caller out of changing it again (the lockout safety check), unless the caller bypasses the check.
 */
final class KeyPolicyOperations {
    private final KeyStore keys;
    private final KeyAccess access;
    private final KeyPolicies policies;

    KeyPolicyOperations(KeyStore keys, KeyAccess access, KeyPolicies policies) {
        this.keys = keys;
        this.access = access;
        this.policies = policies;
    }

    GetKeyPolicyResponse get(CallContext call, GetKeyPolicyRequest request) {
        KmsKey key = access.findKey(call, request.keyId());
        access.authorize(call, "GetKeyPolicy", new KeyAccess.Found(key, null), Map.of());
        requireDefaultName(request.policyName());
        return GetKeyPolicyResponse.builder().policy(key.policy()).policyName(KeyPolicies.DEFAULT_NAME).build();
    }

    void put(CallContext call, PutKeyPolicyRequest request) {
        KmsKey key = access.findKey(call, request.keyId());
        access.authorize(call, "PutKeyPolicy", new KeyAccess.Found(key, null), Map.of());
        requireDefaultName(request.policyName());
        if (key.pendingDeletion()) {
            throw new KMSInvalidStateException(key.arn() + " is pending deletion.");
        }
        checkNewPolicy(call, key, request.policy(), Boolean.TRUE.equals(request.bypassPolicyLockoutSafetyCheck()));
        keys.update(key.withPolicy(request.policy()));
    }

    ListKeyPoliciesResponse list(CallContext call, ListKeyPoliciesRequest request) {
        KmsKey key = access.findKey(call, request.keyId());
        access.authorize(call, "ListKeyPolicies", new KeyAccess.Found(key, null), Map.of());
        return ListKeyPoliciesResponse.builder().policyNames(List.of(KeyPolicies.DEFAULT_NAME)).truncated(false).build();
    }

    /**
     * Refuses a policy KMS would refuse, and one under which the caller could no longer call
     * PutKeyPolicy on the key, unless {@code bypass}.
     */
    void checkNewPolicy(CallContext call, KmsKey key, String policy, boolean bypass) {
        policies.check(policy);
        if (bypass) {
            return;
        }
        try {
            access.authorize(call, "PutKeyPolicy", new KeyAccess.Found(key.withPolicy(policy), null), Map.of());
        } catch (AwsException e) {
            if (!e.code().equals("AccessDeniedException")) {
                throw e;
            }
            throw new MalformedPolicyDocumentException(
                    "The new key policy will not allow you to update the key policy in the future.");
        }
    }

    private static void requireDefaultName(@Nullable String name) {
        if (name != null && !name.equals(KeyPolicies.DEFAULT_NAME)) {
            throw new NotFoundException("No such policy exists");
        }
    }
}
