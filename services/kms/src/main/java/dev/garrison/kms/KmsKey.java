package dev.garrison.kms;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A KMS key as stored: its metadata, key policy, tags and key material versions (sealed; the
 * last one is current).
 *
 * @param state Enabled, Disabled or PendingDeletion
 * @param deletionDate when a key pending deletion is destroyed, else null
 */
record KmsKey(String keyId, String arn, String account, String region, String keySpec, String keyUsage, String origin,
        String description, String state, Instant created, @Nullable Instant deletionDate,
        @Nullable Integer pendingWindowDays, String policy, Map<String, String> tags, List<Material> materials) {

    /**
     * One version of the key material.
     *
     * @param id its KeyMaterialId: 64 hex digits
     * @param sealed the material sealed by the barrier
     */
    record Material(String id, byte[] sealed) {}

    KmsKey {
        tags = Map.copyOf(tags);
        materials = List.copyOf(materials);
    }

    Material current() {
        return materials.getLast();
    }

    KmsKey withState(String newState, @Nullable Instant newDeletionDate, @Nullable Integer newWindow) {
        return new KmsKey(keyId, arn, account, region, keySpec, keyUsage, origin, description, newState, created,
                newDeletionDate, newWindow, policy, tags, materials);
    }

    KmsKey withDescription(String newDescription) {
        return new KmsKey(keyId, arn, account, region, keySpec, keyUsage, origin, newDescription, state, created,
                deletionDate, pendingWindowDays, policy, tags, materials);
    }

    KmsKey withPolicy(String newPolicy) {
        return new KmsKey(keyId, arn, account, region, keySpec, keyUsage, origin, description, state, created,
                deletionDate, pendingWindowDays, newPolicy, tags, materials);
    }

    KmsKey withTags(Map<String, String> newTags) {
        return new KmsKey(keyId, arn, account, region, keySpec, keyUsage, origin, description, state, created,
                deletionDate, pendingWindowDays, policy, newTags, materials);
    }
}
