package dev.garrison.bench;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/** One HTTP request a load generator repeats: already signed where it needs to be. */
public record HttpCall(String label, String method, String path, Map<String, List<String>> headers, byte[] body) {
    public HttpCall {
        requireNonNull(label, "label");
        requireNonNull(method, "method");
        requireNonNull(path, "path");
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
