package dev.garrison.platform.core;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Paging over lists ordered by a name, as AWS APIs page with NextToken or Marker: the token is
 * the last name returned, encoded, so a page costs what it returns and survives restarts.
 */
public final class NamePages {
    private NamePages() {}

    /** One page and the token for the next, null when this page is the last. */
    public record Page<T>(List<T> items, @Nullable String next) {}

    /**
     * The page of {@code sorted} (ordered by {@code name}) after {@code token}, at most
     * {@code limit} long ({@code defaultLimit} when null); {@code invalid} is thrown for a token
     * that is not one of these.
     */
    public static <T> Page<T> page(List<T> sorted, Function<T, String> name, @Nullable String token,
            @Nullable Integer limit, int defaultLimit, Supplier<RuntimeException> invalid) {
        String after = null;
        if (token != null) {
            try {
                after = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw invalid.get();
            }
        }
        String from = after;
        int size = limit == null ? defaultLimit : limit;
        List<T> rest = sorted.stream().filter(t -> from == null || name.apply(t).compareTo(from) > 0).toList();
        List<T> items = rest.stream().limit(size).toList();
        String next = rest.size() > size ? Base64.getUrlEncoder().withoutPadding()
                .encodeToString(name.apply(items.getLast()).getBytes(StandardCharsets.UTF_8)) : null;
        return new Page<>(items, next);
    }
}
