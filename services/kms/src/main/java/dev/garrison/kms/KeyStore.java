package dev.garrison.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.garrison.platform.barrier.Barrier;
import dev.garrison.platform.storage.Row;
import dev.garrison.platform.storage.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Keys and aliases in storage. Key material enters and leaves only through the barrier, bound to
 * its key and version. Keys, their opened material and the aliases are kept in memory once read
 * (every call uses a key; few change one), and dropped with the key. A key whose deletion date
 * has passed is destroyed, with its aliases, the
 * first time anything looks for it or when the sweep runs, so timers need no running clock.
 */
final class KeyStore {
    static final String KEYS = "kms_keys";
    static final String ALIASES = "kms_aliases";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** An alias as stored. */
    record Alias(String name, String arn, String targetKeyId, Instant created, Instant updated) {}

    private final Store store;
    private final Barrier barrier;
    private final GrantStore grants;
    private final Clock clock;
    private final Map<String, KmsKey> keys = new ConcurrentHashMap<>();
    /** Opened material by key id, then material id. */
    private final Map<String, Map<String, byte[]>> opened = new ConcurrentHashMap<>();
    private volatile @Nullable List<Alias> aliases;
    /** Told of every key destroyed, to destroy what other places hold of it (a token's key objects). */
    private volatile java.util.function.Consumer<KmsKey> destroyed = key -> { };
    /** Moves with every alias change, so a list read before a change is not kept after it. */
    private final java.util.concurrent.atomic.AtomicLong aliasChanges = new java.util.concurrent.atomic.AtomicLong();

    KeyStore(Store store, Barrier barrier, GrantStore grants, Clock clock) {
        this.store = store;
        this.barrier = barrier;
        this.grants = grants;
        this.clock = clock;
    }

    /** New material of {@code spec} for key {@code keyId}, sealed, made now by {@code rotation} (null: the first). */
    KmsKey.Material newMaterial(String keyId, KeySpecs.Spec spec, @Nullable String rotation) {
        KeyMaterials.Generated material = KeyMaterials.generate(spec);
        String materialId = newMaterialId();
        return new KmsKey.Material(materialId, barrier.seal(material.secret(), aad(keyId, materialId)), clock.instant(),
                rotation, material.publicKey(), null);
    }

    /** A material version whose key lives inside a token: nothing of it is kept here but its id. */
    KmsKey.Material tokenMaterial() {
        return new KmsKey.Material(newMaterialId(), new byte[0], clock.instant(), null, null, null);
    }

    /** A KeyMaterialId: 64 random hex digits. */
    private static String newMaterialId() {
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    /** Imported material for key {@code keyId}, sealed; {@code validTo} when it expires. */
    KmsKey.Material importedMaterial(String keyId, String materialId, byte[] secret, byte @Nullable [] publicKey,
            @Nullable Instant validTo) {
        return new KmsKey.Material(materialId, barrier.seal(secret, aad(keyId, materialId)), clock.instant(), null,
                publicKey, validTo);
    }

    /** Seals what only this key's own checks may read (an imported material's fingerprint). */
    byte[] sealForKey(String keyId, byte[] secret) {
        return barrier.seal(secret, aad(keyId, "fingerprint"));
    }

    byte[] openForKey(String keyId, byte[] sealed) {
        return barrier.open(sealed, aad(keyId, "fingerprint"));
    }

    /**
     * Gives {@code key} new current material, durably; older versions stay and keep decrypting.
     * Automatic rotation's next date moves one period on from now.
     */
    KmsKey rotate(KmsKey key, String rotation) {
        Instant next = key.rotationPeriodDays() == null ? null
                : clock.instant().plus(java.time.Duration.ofDays(key.rotationPeriodDays()));
        KmsKey rotated = key.withMaterial(newMaterial(key.keyId(), key.spec(), rotation), next);
        update(rotated);
        if (rotated.multiRegion()) {
            // the copies in other regions share the material: they take the new version too
            for (KmsKey copy : copies(rotated.keyId())) {
                if (!copy.region().equals(rotated.region())) {
                    update(copy.withMaterials(rotated.materials(), copy.nextRotation()));
                }
            }
        }
        return rotated;
    }

    /** Every regional copy of a multi-Region key. */
    List<KmsKey> copies(String keyId) {
        List<KmsKey> copies = new ArrayList<>();
        for (Row row : store.scanForward(KEYS, keyId + "/", 100)) {
            if (!row.id().startsWith(keyId + "/")) {
                break;
            }
            copies.add(read(row));
        }
        return copies;
    }

    /** The plaintext of one version of a key's material (callers must not change it). */
    byte[] open(KmsKey key, KmsKey.Material material) {
        return opened.computeIfAbsent(key.keyId(), id -> new ConcurrentHashMap<>())
                .computeIfAbsent(material.id(), id -> barrier.open(material.sealed(), aad(key.keyId(), id)));
    }

    /** Registers what must also happen when a key is destroyed. */
    void onDestroy(java.util.function.Consumer<KmsKey> listener) {
        this.destroyed = listener;
    }

    /** Drops a key's opened material from memory (its material was deleted). */
    void forgetOpened(String keyId) {
        opened.remove(keyId);
    }

    /** Stores a new key durably; false when it exists already (a multi-Region key's copy in that region). */
    boolean create(KmsKey key) {
        boolean added = store.write(tx -> tx.insert(KEYS, row(key)));
        if (added) {
            keys.put(key.rowId(), key);
        }
        return added;
    }

    /** Replaces a key's stored state durably. */
    void update(KmsKey key) {
        store.write(tx -> {
            tx.put(KEYS, row(key));
            return null;
        });
        keys.put(key.rowId(), key);
    }

    /**
     * The key with this id in {@code region} (a multi-Region key has a copy per region), or null
     * when there is none or it has just reached its deletion date.
     */
    @Nullable KmsKey find(String keyId, String region) {
        String rowId = keyId.startsWith("mrk-") ? keyId + "/" + region : keyId;
        KmsKey key = keys.get(rowId);
        if (key == null) {
            Row row = store.get(KEYS, rowId);
            if (row == null) {
                return null;
            }
            KmsKey stored = read(row);
            key = java.util.Objects.requireNonNullElse(keys.putIfAbsent(rowId, stored), stored);
        }
        if (due(key)) {
            destroy(key);
            return null;
        }
        key = replicasGone(key);
        if (importExpired(key)) {
            key = expireImport(key);
        }
        return rotationDue(key) ? rotate(key, "AUTOMATIC") : key;
    }

    /** Every live key, in key id order. */
    /** Whether any key, in any state, lives in custom key store {@code storeId}. */
    boolean anyIn(String storeId) {
        return store.all(KEYS).stream().map(KeyStore::read).anyMatch(k -> storeId.equals(k.customKeyStoreId()));
    }

    List<KmsKey> all() {
        List<KmsKey> keys = new ArrayList<>();
        for (Row row : store.all(KEYS)) {
            KmsKey key = read(row);
            if (due(key)) {
                destroy(key);
            } else {
                keys.add(key);
            }
        }
        return keys;
    }

    /** Destroys every key whose deletion date has passed and rotates every enabled key whose rotation is due. */
    void sweep() {
        for (Row row : store.find(KEYS, "state", "PendingDeletion")) {
            KmsKey key = read(row);
            if (due(key)) {
                destroy(key);
            }
        }
        for (Row row : store.find(KEYS, "state", "PendingReplicaDeletion")) {
            replicasGone(read(row));
        }
        for (String state : new String[] {"Enabled", "Disabled"}) {
            for (Row row : store.find(KEYS, "state", state)) {
                KmsKey key = read(row);
                if (importExpired(key)) {
                    expireImport(key);
                } else if (rotationDue(key)) {
                    rotate(key, "AUTOMATIC");
                }
            }
        }
    }

    /** The alias with this ARN: alias names are per account and region, as on AWS. */
    @Nullable Alias alias(String arn) {
        return aliases().stream().filter(a -> a.arn().equals(arn)).findFirst().orElse(null);
    }

    List<Alias> aliases() {
        List<Alias> all = aliases;
        if (all == null) {
            long changes = aliasChanges.get();
            all = store.all(ALIASES).stream().map(KeyStore::readAlias).toList();
            if (aliasChanges.get() == changes) {
                aliases = all;
            }
        }
        return all;
    }

    private void aliasesChanged() {
        aliasChanges.incrementAndGet();
        aliases = null;
    }

    /** Adds an alias; false when one of that name exists. */
    boolean createAlias(Alias alias) {
        boolean added = store.write(tx -> tx.insert(ALIASES, aliasRow(alias)));
        aliasesChanged();
        return added;
    }

    void updateAlias(Alias alias) {
        store.write(tx -> {
            tx.put(ALIASES, aliasRow(alias));
            return null;
        });
        aliasesChanged();
    }

    boolean deleteAlias(String arn) {
        boolean deleted = store.write(tx -> tx.delete(ALIASES, arn));
        aliasesChanged();
        return deleted;
    }

    private boolean importExpired(KmsKey key) {
        return !key.materials().isEmpty() && key.current().validTo() != null
                && !key.current().validTo().isAfter(clock.instant());
    }

    /** Expired imported material is deleted and the key waits for an import again, as KMS does. */
    private KmsKey expireImport(KmsKey key) {
        KmsKey expired = key.withImported(List.of(), "PendingImport", key.importedFingerprint());
        update(expired);
        forgetOpened(key.keyId());
        return expired;
    }

    /** Automatic rotation happens to enabled keys only; a key enabled again after its date rotates then. */
    private boolean rotationDue(KmsKey key) {
        return key.state().equals("Enabled") && key.nextRotation() != null && !key.nextRotation().isAfter(clock.instant());
    }

    /**
     * A primary waiting for its replicas to be deleted starts its own waiting period once they
     * are gone; any other key is returned as it is.
     */
    private KmsKey replicasGone(KmsKey key) {
        if (!key.state().equals("PendingReplicaDeletion") || copies(key.keyId()).size() > 1) {
            return key;
        }
        KmsKey waiting = key.withState("PendingDeletion", clock.instant().plus(Duration.ofDays(key.pendingWindowDays())),
                key.pendingWindowDays());
        update(waiting);
        return waiting;
    }

    private boolean due(KmsKey key) {
        return key.deletionDate() != null && !key.deletionDate().isAfter(clock.instant());
    }

    /**
     * The key material is gone for good with the row: no copy of it remains (unless other regions
     * hold copies of a multi-Region key). Its aliases and grants in its region go too.
     */
    private void destroy(KmsKey key) {
        String regionPrefix = "arn:aws:kms:" + key.region() + ":";
        List<Row> aliases = store.find(ALIASES, "key_id", key.keyId()).stream()
                .filter(a -> readAlias(a).arn().startsWith(regionPrefix)).toList();
        store.write(tx -> {
            tx.delete(KEYS, key.rowId());
            aliases.forEach(a -> tx.delete(ALIASES, a.id()));
            return null;
        });
        keys.remove(key.rowId());
        destroyed.accept(key);
        grants.deleteAllOn(key.rowId());
        if (!key.multiRegion()) {
            forgetOpened(key.keyId());
        }
        aliasesChanged();
    }

    private static String aad(String keyId, String materialId) {
        return KEYS + "/" + keyId + "/" + materialId;
    }

    private static Row row(KmsKey key) {
        ObjectNode v = JSON.createObjectNode()
                .put("keyId", key.keyId()).put("arn", key.arn()).put("account", key.account())
                .put("region", key.region()).put("keySpec", key.keySpec()).put("keyUsage", key.keyUsage())
                .put("origin", key.origin()).put("description", key.description()).put("state", key.state())
                .put("created", key.created().toString())
                .put("deletionDate", key.deletionDate() == null ? null : key.deletionDate().toString())
                .put("pendingWindowDays", key.pendingWindowDays()).put("policy", key.policy())
                .put("rotationPeriodDays", key.rotationPeriodDays())
                .put("nextRotation", key.nextRotation() == null ? null : key.nextRotation().toString())
                .put("importedFingerprint", key.importedFingerprint() == null ? null
                        : Base64.getEncoder().encodeToString(key.importedFingerprint()))
                .put("primaryRegion", key.primaryRegion()).put("customKeyStoreId", key.customKeyStoreId());
        v.set("tags", JSON.valueToTree(key.tags()));
        ArrayNode materials = v.putArray("materials");
        key.materials().forEach(m -> materials.addObject().put("id", m.id())
                .put("sealed", Base64.getEncoder().encodeToString(m.sealed())).put("created", m.created().toString())
                .put("rotation", m.rotation()).put("validTo", m.validTo() == null ? null : m.validTo().toString())
                .put("publicKey", m.publicKey() == null ? null : Base64.getEncoder().encodeToString(m.publicKey())));
        try {
            return new Row(key.rowId(), Map.of("state", key.state(),
                    "deletion_date", key.deletionDate() == null ? "" : key.deletionDate().toString()),
                    JSON.writeValueAsBytes(v));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static KmsKey read(Row row) {
        try {
            JsonNode v = JSON.readTree(row.value());
            List<KmsKey.Material> materials = new ArrayList<>();
            v.get("materials").forEach(m -> materials.add(new KmsKey.Material(m.get("id").asText(),
                    Base64.getDecoder().decode(m.get("sealed").asText()), Instant.parse(m.get("created").asText()),
                    m.get("rotation").isNull() ? null : m.get("rotation").asText(),
                    m.get("publicKey").isNull() ? null : Base64.getDecoder().decode(m.get("publicKey").asText()),
                    m.path("validTo").isTextual() ? Instant.parse(m.get("validTo").asText()) : null)));
            return new KmsKey(v.get("keyId").asText(), v.get("arn").asText(), v.get("account").asText(),
                    v.get("region").asText(), v.get("keySpec").asText(), v.get("keyUsage").asText(),
                    v.get("origin").asText(), v.get("description").asText(), v.get("state").asText(),
                    Instant.parse(v.get("created").asText()),
                    v.get("deletionDate").isNull() ? null : Instant.parse(v.get("deletionDate").asText()),
                    v.get("pendingWindowDays").isNull() ? null : v.get("pendingWindowDays").asInt(),
                    v.get("policy").asText(), JSON.treeToValue(v.get("tags"), LinkedHashMap.class), materials,
                    v.get("rotationPeriodDays").isNull() ? null : v.get("rotationPeriodDays").asInt(),
                    v.get("nextRotation").isNull() ? null : Instant.parse(v.get("nextRotation").asText()),
                    v.path("importedFingerprint").isTextual()
                            ? Base64.getDecoder().decode(v.get("importedFingerprint").asText()) : null,
                    v.path("primaryRegion").isTextual() ? v.get("primaryRegion").asText() : null,
                    v.path("customKeyStoreId").isTextual() ? v.get("customKeyStoreId").asText() : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Row aliasRow(Alias alias) {
        ObjectNode v = JSON.createObjectNode().put("name", alias.name()).put("arn", alias.arn())
                .put("targetKeyId", alias.targetKeyId()).put("created", alias.created().toString())
                .put("updated", alias.updated().toString());
        try {
            return new Row(alias.arn(), Map.of("key_id", alias.targetKeyId()), JSON.writeValueAsBytes(v));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Alias readAlias(Row row) {
        try {
            JsonNode v = JSON.readTree(row.value());
            return new Alias(v.get("name").asText(), v.get("arn").asText(), v.get("targetKeyId").asText(),
                    Instant.parse(v.get("created").asText()), Instant.parse(v.get("updated").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
