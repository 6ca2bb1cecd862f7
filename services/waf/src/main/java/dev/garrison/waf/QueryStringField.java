package dev.garrison.waf;

import java.util.List;

/** {@code QueryString}: the whole query string after {@code ?}, as received. */
final class QueryStringField implements Field {
    @Override
    public List<String> values(WebRequest request) {
        return List.of(request.query());
    }

    @Override
    public String location() {
        return "QUERY_STRING";
    }
}
