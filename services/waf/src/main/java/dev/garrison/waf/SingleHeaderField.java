package dev.garrison.waf;

import java.util.List;

/** {@code SingleHeader}: the values of one header, named case-insensitively. */
final class SingleHeaderField implements Field {
    private final String name;

    SingleHeaderField(String name) {
        this.name = name;
    }

    @Override
    public List<String> values(WebRequest request) {
        return request.header(name);
    }

    @Override
    public String location() {
        return "HEADER";
    }
}
