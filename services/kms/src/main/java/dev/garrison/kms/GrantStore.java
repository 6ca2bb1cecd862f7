package dev.garrison.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.garrison.platform.storage.Row;
import dev.garrison.platform.storage.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Grants in storage, with each key's grants kept in memory once read: every use of a key asks
 * whether a grant applies, and grants change far less often than keys are used.
 */
final class GrantStore {
    private static final String TABLE = "kms_grants";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final Map<String, List<KmsGrant>> byKey = new ConcurrentHashMap<>();

    GrantStore(Store store) {
        this.store = store;
    }

    /**
     * The grants on the key stored in row {@code keyRow} (a multi-Region copy's row names its
     * region), oldest id first.
     */
    List<KmsGrant> onKey(String keyRow) {
        return byKey.computeIfAbsent(keyRow, row -> {
            List<Row> rows = new ArrayList<>(store.find(TABLE, "key_id", row));
            int slash = row.indexOf('/');
            if (slash > 0) {
                rows.addAll(store.find(TABLE, "key_id", row.substring(0, slash)));
            }
            return rows.stream().map(GrantStore::read).sorted(Comparator.comparing(KmsGrant::grantId)).toList();
        });
    }

    @Nullable KmsGrant get(String grantId) {
        Row row = store.get(TABLE, grantId);
        return row == null ? null : read(row);
    }

    List<KmsGrant> retirableBy(String principal) {
        return store.find(TABLE, "retiring_principal", principal).stream().map(GrantStore::read).toList();
    }

    void put(KmsGrant grant) {
        store.write(tx -> {
            tx.put(TABLE, row(grant));
            return null;
        });
        byKey.clear();
    }

    void delete(KmsGrant grant) {
        store.write(tx -> tx.delete(TABLE, grant.grantId()));
        byKey.clear();
    }

    /** Forgets the grants of a destroyed key (of one copy, for a multi-Region key). */
    void deleteAllOn(String keyRow) {
        List<Row> rows = store.find(TABLE, "key_id", keyRow);
        store.write(tx -> {
            rows.forEach(r -> tx.delete(TABLE, r.id()));
            return null;
        });
        byKey.clear();
    }

    private static Row row(KmsGrant g) {
        ObjectNode v = JSON.createObjectNode().put("grantId", g.grantId()).put("token", g.token()).put("keyId", g.keyId())
                .put("region", g.region())
                .put("name", g.name()).put("grantee", g.grantee()).put("retiring", g.retiring())
                .put("issuingAccount", g.issuingAccount()).put("created", g.created().toString());
        v.set("operations", JSON.valueToTree(g.operations()));
        v.set("contextEquals", JSON.valueToTree(g.contextEquals()));
        v.set("contextSubset", JSON.valueToTree(g.contextSubset()));
        try {
            return new Row(g.grantId(), Map.of("key_id", g.keyRow(), "retiring_principal",
                    g.retiring() == null ? "" : g.retiring()), JSON.writeValueAsBytes(v));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static KmsGrant read(Row row) {
        try {
            JsonNode v = JSON.readTree(row.value());
            return new KmsGrant(v.get("grantId").asText(), v.get("token").asText(), v.get("keyId").asText(),
                    v.hasNonNull("region") ? v.get("region").asText() : null,
                    v.get("name").isNull() ? null : v.get("name").asText(), v.get("grantee").asText(),
                    v.get("retiring").isNull() ? null : v.get("retiring").asText(),
                    JSON.treeToValue(v.get("operations"), List.class),
                    v.get("contextEquals").isNull() ? null : JSON.treeToValue(v.get("contextEquals"), LinkedHashMap.class),
                    v.get("contextSubset").isNull() ? null : JSON.treeToValue(v.get("contextSubset"), LinkedHashMap.class),
                    v.get("issuingAccount").asText(), Instant.parse(v.get("created").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
