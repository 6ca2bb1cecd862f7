package dev.garrison.waf;

import java.util.List;
import java.util.Map;

/** {@code MapMatchScope}: which parts of name/value pairs (headers, cookies, JSON) are inspected. */
enum MapScope {
    KEY,
    VALUE,
    ALL;

    /** The keys, values or both of {@code pairs}, each a separate value to inspect. */
    List<String> of(List<Map.Entry<String, String>> pairs) {
        return switch (this) {
            case KEY -> pairs.stream().map(Map.Entry::getKey).toList();
            case VALUE -> pairs.stream().map(Map.Entry::getValue).toList();
            case ALL -> pairs.stream().flatMap(p -> java.util.stream.Stream.of(p.getKey(), p.getValue())).toList();
        };
    }
}
