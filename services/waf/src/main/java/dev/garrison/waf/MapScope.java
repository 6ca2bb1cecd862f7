package dev.garrison.waf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code MapMatchScope}: which parts of name/value pairs (headers, cookies, JSON) are inspected. */
enum MapScope {
    KEY,
    VALUE,
    ALL;

    /** The keys, values or both of {@code pairs}, each a separate value to inspect. */
    List<String> of(List<Map.Entry<String, String>> pairs) {
        List<String> values = new ArrayList<>(this == ALL ? 2 * pairs.size() : pairs.size());
        for (Map.Entry<String, String> pair : pairs) {
            if (this != VALUE) {
                values.add(pair.getKey());
            }
            if (this != KEY) {
                values.add(pair.getValue());
            }
        }
        return values;
    }
}
