package dev.garrison.platform.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Splits a raw query string into percent-decoded name/value pairs ({@code +} stays a plus). */
public final class QueryString {
    private QueryString() {}

    public static List<String[]> pairs(String rawQuery) {
        List<String[]> pairs = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return pairs;
        }
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            pairs.add(new String[] {UriEncoding.decode(name), UriEncoding.decode(value)});
        }
        return pairs;
    }

    /** The first value of each name. */
    public static Map<String, String> parse(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String[] pair : pairs(rawQuery)) {
            out.putIfAbsent(pair[0], pair[1]);
        }
        return out;
    }
}
