package dev.garrison.waf;

import java.util.List;

/** {@code UriPath}: the request's path, as received. */
final class UriPathField implements Field {
    @Override
    public List<String> values(WebRequest request) {
        return List.of(request.path());
    }

    @Override
    public String location() {
        return "URI";
    }
}
