package dev.garrison.platform.storage;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A stored row: its id, the plaintext columns queries filter on, and an opaque value. Secrets go
 * into the value only after the barrier sealed them.
 *
 * @param id the primary key
 * @param index plaintext index columns by column name (strings, numbers, booleans)
 * @param value the row's value
 */
public record Row(String id, Map<String, Object> index, byte[] value) {
    public Row {
        requireNonNull(id, "id");
        index = Map.copyOf(index);
        requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "Row[id=" + id + ", index=" + index + ", value=" + value.length + " bytes]";
    }
}
