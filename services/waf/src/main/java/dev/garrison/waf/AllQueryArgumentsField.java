package dev.garrison.waf;

import java.util.List;
import java.util.Map;

/** {@code AllQueryArguments}: the value of every query argument. */
final class AllQueryArgumentsField implements Field {
    @Override
    public List<String> values(WebRequest request) {
        return request.queryArguments().stream().map(Map.Entry::getValue).toList();
    }

    @Override
    public String location() {
        return "ALL_QUERY_ARGS";
    }
}
