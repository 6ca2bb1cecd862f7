package dev.garrison.platform.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Conversions between the protocol-neutral tree (maps keyed by member name, lists, and scalar
 * values already typed by the protocol decoder) and generated records.
 */
public final class ShapeTree {
    private ShapeTree() {}

    @SuppressWarnings("unchecked")
    public static <T> @Nullable T structure(@Nullable Object value, Function<Map<String, Object>, T> reader) {
        return value == null ? null : reader.apply((Map<String, Object>) value);
    }

    public static <T> @Nullable List<T> list(@Nullable Object value, Function<Object, T> reader) {
        if (value == null) {
            return null;
        }
        List<?> source = (List<?>) value;
        List<T> out = new ArrayList<>(source.size());
        for (Object element : source) {
            out.add(element == null ? null : reader.apply(element));
        }
        return Collections.unmodifiableList(out);
    }

    public static <T> @Nullable Map<String, T> map(@Nullable Object value, Function<Object, T> reader) {
        if (value == null) {
            return null;
        }
        Map<?, ?> source = (Map<?, ?>) value;
        Map<String, T> out = new LinkedHashMap<>();
        source.forEach((k, v) -> out.put((String) k, v == null ? null : reader.apply(v)));
        return Collections.unmodifiableMap(out);
    }

    public static <T> List<Object> listToTree(List<T> values, Function<T, Object> writer) {
        List<Object> out = new ArrayList<>(values.size());
        for (T value : values) {
            out.add(value == null ? null : writer.apply(value));
        }
        return out;
    }

    public static <T> Map<String, Object> mapToTree(Map<String, T> values, Function<T, Object> writer) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v == null ? null : writer.apply(v)));
        return out;
    }
}
