package dev.garrison.waf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A {@code HeaderMatchPattern} or {@code CookieMatchPattern}: all pairs, only the named ones, or
 * all but the named ones. Header names compare case-insensitively, cookie names exactly.
 */
record PairPattern(@Nullable Set<String> included, @Nullable Set<String> excluded, boolean ignoreCase) {
    static PairPattern of(@Nullable List<String> included, @Nullable List<String> excluded, boolean ignoreCase) {
        return new PairPattern(included == null ? null : names(included, ignoreCase),
                excluded == null ? null : names(excluded, ignoreCase), ignoreCase);
    }

    List<Map.Entry<String, String>> select(List<Map.Entry<String, String>> pairs) {
        if (included == null && excluded == null) {
            return pairs;
        }
        List<Map.Entry<String, String>> selected = new ArrayList<>(pairs.size());
        for (Map.Entry<String, String> pair : pairs) {
            String name = ignoreCase ? pair.getKey().toLowerCase(Locale.ROOT) : pair.getKey();
            if ((included == null || included.contains(name)) && (excluded == null || !excluded.contains(name))) {
                selected.add(pair);
            }
        }
        return selected;
    }

    private static Set<String> names(List<String> names, boolean ignoreCase) {
        return names.stream().map(n -> ignoreCase ? n.toLowerCase(Locale.ROOT) : n).collect(Collectors.toSet());
    }
}
