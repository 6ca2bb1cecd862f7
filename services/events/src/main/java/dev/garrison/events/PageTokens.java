package dev.garrison.events;

import dev.garrison.platform.core.CommonErrors;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** NextToken paging over name-ordered lists: the token is the last name returned, encoded. */
final class PageTokens {
    private PageTokens() {}

    /** One page of {@code sorted} (ordered by {@code name}) after the token, and the token for the next. */
    record Page<T>(List<T> items, @Nullable String nextToken) {}

    static <T> Page<T> page(List<T> sorted, Function<T, String> name, @Nullable String token, @Nullable Integer limit,
            int defaultLimit) {
        String after = token == null ? null : decode(token);
        int size = limit == null ? defaultLimit : limit;
        List<T> rest = sorted.stream().filter(t -> after == null || name.apply(t).compareTo(after) > 0).toList();
        List<T> items = rest.stream().limit(size).toList();
        return new Page<>(items, rest.size() > size ? encode(name.apply(items.getLast())) : null);
    }

    private static String encode(String name) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "The NextToken is not valid.");
        }
    }
}
