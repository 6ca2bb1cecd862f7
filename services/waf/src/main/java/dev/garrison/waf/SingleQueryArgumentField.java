package dev.garrison.waf;

import java.util.List;
import java.util.Map;

/** {@code SingleQueryArgument}: the values of one query argument, named case-insensitively. */
final class SingleQueryArgumentField implements Field {
    private final String name;

    SingleQueryArgumentField(String name) {
        this.name = name;
    }

    @Override
    public List<String> values(WebRequest request) {
        return request.queryArguments().stream().filter(a -> a.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .toList();
    }

    @Override
    public String location() {
        return "SINGLE_QUERY_ARG";
    }
}
