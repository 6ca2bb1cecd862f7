package dev.garrison.kms;

import dev.garrison.api.kms.AlreadyExistsException;
import dev.garrison.api.kms.KMSInvalidStateException;
import dev.garrison.api.kms.ReplicateKeyRequest;
import dev.garrison.api.kms.ReplicateKeyResponse;
import dev.garrison.api.kms.Tag;
import dev.garrison.api.kms.UnsupportedOperationException;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.CommonErrors;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * ReplicateKey and UpdatePrimaryRegion. A multi-Region key's copies share its id and key
 * material (so a ciphertext from one region decrypts in another), each with its own ARN, policy,
 * description, tags and state; rotation of the primary reaches every copy.
 */
final class MultiRegionOperations {
    private final KeyStore keys;
    private final KeyAccess access;
    private final KeyOperations keyOperations;
    private final KeyPolicyOperations policies;
    private final Clock clock;

    MultiRegionOperations(KeyStore keys, KeyAccess access, KeyOperations keyOperations, KeyPolicyOperations policies,
            Clock clock) {
        this.keys = keys;
        this.access = access;
        this.keyOperations = keyOperations;
        this.policies = policies;
        this.clock = clock;
    }

    ReplicateKeyResponse replicate(CallContext call, ReplicateKeyRequest request) {
        KmsKey primary = primary(call, "ReplicateKey", request.keyId());
        if (request.replicaRegion().equals(primary.region())) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "The replica region must differ from the primary key's region.");
        }
        if (primary.origin().equals("EXTERNAL") && primary.importedFingerprint() == null) {
            throw new KMSInvalidStateException(primary.arn() + " is pending import.");
        }
        String policy = request.policy() == null ? KeyPolicies.defaultPolicy(primary.account()) : request.policy();
        List<Tag> tags = request.tags() == null ? List.of() : request.tags();
        KmsKey replica = primary.replica(request.replicaRegion(), policy,
                request.description() == null ? "" : request.description(), TagOperations.checked(Map.of(), tags),
                clock.instant());
        if (request.policy() != null) {
            policies.checkNewPolicy(call, replica, request.policy(), Boolean.TRUE.equals(request.bypassPolicyLockoutSafetyCheck()));
        }
        if (!keys.create(replica)) {
            throw new AlreadyExistsException("Key " + replica.arn() + " already exists.");
        }
        return ReplicateKeyResponse.builder().replicaKeyMetadata(keyOperations.metadata(replica)).replicaPolicy(policy)
                .replicaTags(tags).build();
    }

    void updatePrimaryRegion(CallContext call, String keyId, String region) {
        KmsKey primary = primary(call, "UpdatePrimaryRegion", keyId);
        List<KmsKey> copies = keys.copies(primary.keyId());
        if (copies.stream().noneMatch(c -> c.region().equals(region))) {
            throw new dev.garrison.api.kms.NotFoundException("Key 'arn:aws:kms:" + region + ":" + primary.account()
                    + ":key/" + primary.keyId() + "' does not exist");
        }
        for (KmsKey copy : copies) {
            keys.update(copy.withPrimaryRegion(region));
        }
    }

    /** The primary copy of a multi-Region key, in the caller's region, once the caller may act on it. */
    private KmsKey primary(CallContext call, String operation, String keyId) {
        KmsKey key = access.findKey(call, keyId);
        access.authorize(call, operation, new KeyAccess.Found(key, null), Map.of());
        if (!key.multiRegion()) {
            throw new UnsupportedOperationException(key.arn() + " is not a multi-Region key.");
        }
        if (!key.region().equals(key.primaryRegion())) {
            throw new UnsupportedOperationException(key.arn() + " is not a multi-Region primary key.");
        }
        if (key.pendingDeletion()) {
            throw new KMSInvalidStateException(key.arn() + " is pending deletion.");
        }
        return key;
    }
}
