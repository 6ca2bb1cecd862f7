package dev.garrison.waf;

import java.util.List;

/** {@code Method}: the HTTP method. */
final class MethodField implements Field {
    @Override
    public List<String> values(WebRequest request) {
        return List.of(request.method());
    }
}
