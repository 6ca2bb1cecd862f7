package dev.garrison.platform.policy;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The condition keys of one request and their values. Key names are case-insensitive, as in
 * IAM; a key may carry several values ({@code aws:TagKeys}); an absent key is not the same as
 * an empty one.
 */
public final class ConditionContext {
    private final Map<String, List<String>> values;

    private ConditionContext(Map<String, List<String>> values) {
        this.values = Map.copyOf(values);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The values of {@code key}, or null when the request does not carry it. */
    public @Nullable List<String> values(String key) {
        return values.get(key.toLowerCase(Locale.ROOT));
    }

    /** The single value of {@code key}, or null when absent. */
    public @Nullable String value(String key) {
        List<String> found = values(key);
        return found == null || found.isEmpty() ? null : found.getFirst();
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.values.putAll(values);
        return builder;
    }

    @Override
    public String toString() {
        return "ConditionContext" + values.keySet();
    }

    /** Collects keys; a later put of the same key replaces the earlier one. */
    public static final class Builder {
        /** Sized for the global keys and a service's own without growing. */
        private final Map<String, List<String>> values = new HashMap<>(64);

        private Builder() {}

        public Builder put(String key, String value) {
            return putAll(key, List.of(requireNonNull(value, "value")));
        }

        public Builder putAll(String key, List<String> keyValues) {
            values.put(requireNonNull(key, "key").toLowerCase(Locale.ROOT), List.copyOf(keyValues));
            return this;
        }

        public ConditionContext build() {
            return new ConditionContext(values);
        }
    }
}
