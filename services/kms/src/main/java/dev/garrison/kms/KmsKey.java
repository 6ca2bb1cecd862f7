package dev.garrison.kms;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A KMS key as stored: its metadata, key policy, tags and key material versions (sealed; the
 * last one is current).
 *
 * @param state Enabled, Disabled, PendingImport, PendingDeletion or PendingReplicaDeletion
 * @param deletionDate when a key pending deletion is destroyed, else null
 * @param rotationPeriodDays the automatic rotation period, null while automatic rotation is off
 * @param nextRotation when automatic rotation next makes new material, null while it is off
 * @param importedFingerprint for a key with imported material, the SHA-256 of that material, sealed
 *     by the barrier: material imported again must be the same
 * @param primaryRegion for a multi-Region key, the region of its primary key; null otherwise
 * @param customKeyStoreId for a key in a custom key store (its material inside a token), the store
 */
record KmsKey(String keyId, String arn, String account, String region, String keySpec, String keyUsage, String origin,
        String description, String state, Instant created, @Nullable Instant deletionDate,
        @Nullable Integer pendingWindowDays, String policy, Map<String, String> tags, List<Material> materials,
        @Nullable Integer rotationPeriodDays, @Nullable Instant nextRotation, byte @Nullable [] importedFingerprint,
        @Nullable String primaryRegion, @Nullable String customKeyStoreId) {

    /**
     * One version of the key material.
     *
     * @param id its KeyMaterialId: 64 hex digits
     * @param sealed the material sealed by the barrier
     * @param created when it was made
     * @param rotation AUTOMATIC or ON_DEMAND for material a rotation made; null for the first
     * @param publicKey for a key pair, its public key (X.509 SubjectPublicKeyInfo, not secret)
     * @param validTo for imported material that expires, when it does; else null
     */
    record Material(String id, byte[] sealed, Instant created, @Nullable String rotation, byte @Nullable [] publicKey,
            @Nullable Instant validTo) {}

    KeySpecs.Spec spec() {
        return java.util.Objects.requireNonNull(KeySpecs.of(keySpec), keySpec);
    }

    KmsKey {
        tags = Map.copyOf(tags);
        materials = List.copyOf(materials);
    }

    Material current() {
        return materials.getLast();
    }

    /**
     * Whether the key is scheduled for deletion: waiting out its window (PendingDeletion), or, for a
     * multi-Region primary, waiting for its replicas to go first (PendingReplicaDeletion).
     */
    boolean pendingDeletion() {
        return state.equals("PendingDeletion") || state.equals("PendingReplicaDeletion");
    }

    KmsKey withState(String newState, @Nullable Instant newDeletionDate, @Nullable Integer newWindow) {
        return new KmsKey(keyId, arn, account, region, keySpec, keyUsage, origin, description, newState, created,
                newDeletionDate, newWindow, policy, tags, materials, rotationPeriodDays, nextRotation, importedFingerprint,
                primaryRegion, customKeyStoreId);
    }

    KmsKey withDescription(String newDescription) {
        return new KmsKey(keyId, arn, account, region, keySpec, keyUsage, origin, newDescription, state, created,
                deletionDate, pendingWindowDays, policy, tags, materials, rotationPeriodDays, nextRotation, importedFingerprint,
                primaryRegion, customKeyStoreId);
    }

    KmsKey withPolicy(String newPolicy) {
        return new KmsKey(keyId, arn, account, region, keySpec, keyUsage, origin, description, state, created,
                deletionDate, pendingWindowDays, newPolicy, tags, materials, rotationPeriodDays, nextRotation, importedFingerprint,
                primaryRegion, customKeyStoreId);
    }

    KmsKey withTags(Map<String, String> newTags) {
        return new KmsKey(keyId, arn, account, region, keySpec, keyUsage, origin, description, state, created,
                deletionDate, pendingWindowDays, policy, newTags, materials, rotationPeriodDays, nextRotation, importedFingerprint,
                primaryRegion, customKeyStoreId);
    }

    /** Automatic rotation every {@code periodDays} from now on, or off when null. */
    KmsKey withRotation(@Nullable Integer periodDays, @Nullable Instant next) {
        return new KmsKey(keyId, arn, account, region, keySpec, keyUsage, origin, description, state, created,
                deletionDate, pendingWindowDays, policy, tags, materials, periodDays, next, importedFingerprint,
                primaryRegion, customKeyStoreId);
    }

    /** The key with only {@code material} (imported; none when deleted or expired) in {@code newState}. */
    KmsKey withImported(List<Material> material, String newState, byte @Nullable [] fingerprint) {
        return new KmsKey(keyId, arn, account, region, keySpec, keyUsage, origin, description, newState, created,
                deletionDate, pendingWindowDays, policy, tags, material, rotationPeriodDays, nextRotation, fingerprint,
                primaryRegion, customKeyStoreId);
    }

    /** This multi-Region key with {@code region} as its primary's region. */
    KmsKey withPrimaryRegion(String region) {
        return new KmsKey(keyId, arn, account, this.region, keySpec, keyUsage, origin, description, state, created,
                deletionDate, pendingWindowDays, policy, tags, materials, rotationPeriodDays, nextRotation,
                importedFingerprint, region, customKeyStoreId);
    }

    /**
     * This key's copy in {@code replicaRegion}: the same id and material, its own ARN, policy,
     * description and tags. A copy of imported material starts without it (PendingImport): the
     * same material is imported into it, as KMS asks.
     */
    KmsKey replica(String replicaRegion, String replicaPolicy, String replicaDescription, Map<String, String> replicaTags,
            Instant now) {
        boolean imported = origin.equals("EXTERNAL");
        return new KmsKey(keyId, "arn:aws:kms:" + replicaRegion + ":" + account + ":key/" + keyId, account, replicaRegion,
                keySpec, keyUsage, origin, replicaDescription, imported ? "PendingImport" : "Enabled", now, null, null,
                replicaPolicy, replicaTags, imported ? List.of() : materials, rotationPeriodDays, nextRotation,
                importedFingerprint, primaryRegion, customKeyStoreId);
    }

    /** The same key with the material versions of its primary, which rotation moved on. */
    KmsKey withMaterials(List<Material> newMaterials, @Nullable Instant next) {
        return new KmsKey(keyId, arn, account, region, keySpec, keyUsage, origin, description, state, created,
                deletionDate, pendingWindowDays, policy, tags, newMaterials, rotationPeriodDays, next, importedFingerprint,
                primaryRegion, customKeyStoreId);
    }

    boolean multiRegion() {
        return primaryRegion != null;
    }

    /** Where the row of this key is kept: copies of a multi-Region key share its id, one per region. */
    String rowId() {
        return multiRegion() ? keyId + "/" + region : keyId;
    }

    /** The key with {@code material} as its new current version. */
    KmsKey withMaterial(Material material, @Nullable Instant next) {
        List<Material> all = new java.util.ArrayList<>(materials);
        all.add(material);
        return new KmsKey(keyId, arn, account, region, keySpec, keyUsage, origin, description, state, created,
                deletionDate, pendingWindowDays, policy, tags, all, rotationPeriodDays, next, importedFingerprint,
                primaryRegion, customKeyStoreId);
    }
}
