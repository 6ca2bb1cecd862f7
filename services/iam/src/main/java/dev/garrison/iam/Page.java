package dev.garrison.iam;

import dev.garrison.api.iam.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One page of a listing in IAM's Marker/MaxItems style. Items come sorted by their key; the
 * marker is the opaque key of the first item of the next page.
 */
record Page<T>(List<T> items, boolean truncated, @Nullable String marker) {
    private static final int DEFAULT_MAX_ITEMS = 100;

    static <T> Page<T> of(List<T> sorted, Function<T, String> key, @Nullable String marker, @Nullable Integer maxItems) {
        int start = 0;
        if (marker != null) {
            String from;
            try {
                from = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("Invalid Marker.");
            }
            while (start < sorted.size() && key.apply(sorted.get(start)).compareTo(from) < 0) {
                start++;
            }
        }
        int size = maxItems == null ? DEFAULT_MAX_ITEMS : maxItems;
        int end = Math.min(sorted.size(), start + size);
        boolean truncated = end < sorted.size();
        String next = truncated
                ? Base64.getUrlEncoder().withoutPadding().encodeToString(key.apply(sorted.get(end)).getBytes(StandardCharsets.UTF_8))
                : null;
        return new Page<>(List.copyOf(sorted.subList(start, end)), truncated, next);
    }
}
