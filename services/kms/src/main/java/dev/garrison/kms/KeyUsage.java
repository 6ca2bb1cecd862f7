package dev.garrison.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.garrison.api.kms.KeyLastUsageData;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.storage.Row;
import dev.garrison.platform.storage.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * When each key was last used for cryptography, and by which operation and request. Uses are
 * noted in memory and written in batches (every minute and at shutdown), so tracking costs a
 * call nothing; a crash loses at most the last minute of it, never a key.
 */
final class KeyUsage {
    private static final String TABLE = "kms_key_usage";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final Map<String, KeyLastUsageData> pending = new ConcurrentHashMap<>();

    KeyUsage(Store store) {
        this.store = store;
    }

    /** Notes that the key {@code keyArn} names served {@code operation} in {@code call}; returns {@code result}. */
    <T> T used(String keyArn, String operation, CallContext call, T result) {
        pending.put(keyArn.substring(keyArn.lastIndexOf('/') + 1), KeyLastUsageData.builder().operation(operation)
                .timestamp(call.receivedAt()).kmsRequestId(call.requestId()).build());
        return result;
    }

    /** The key's last use, or null when it has not been used since tracking began. */
    @Nullable KeyLastUsageData last(String keyId) {
        KeyLastUsageData noted = pending.get(keyId);
        if (noted != null) {
            return noted;
        }
        Row row = store.get(TABLE, keyId);
        if (row == null) {
            return null;
        }
        try {
            JsonNode v = JSON.readTree(row.value());
            return KeyLastUsageData.builder().operation(v.get("operation").asText())
                    .timestamp(Instant.parse(v.get("timestamp").asText())).kmsRequestId(v.get("requestId").asText()).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes what was noted since the last flush. */
    void flush() {
        Map<String, KeyLastUsageData> batch = new HashMap<>();
        for (String keyId : pending.keySet()) {
            KeyLastUsageData data = pending.remove(keyId);
            if (data != null) {
                batch.put(keyId, data);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        store.write(tx -> {
            batch.forEach((keyId, data) -> tx.put(TABLE, new Row(keyId, Map.of(), bytes(data))));
            return null;
        });
    }

    private static byte[] bytes(KeyLastUsageData data) {
        try {
            return JSON.writeValueAsBytes(JSON.createObjectNode().put("operation", data.operation())
                    .put("timestamp", data.timestamp().toString()).put("requestId", data.kmsRequestId()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
