package dev.garrison.waf;

import io.vertx.core.MultiMap;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Refuses requests whose framing a proxy and its upstream could read differently (request
 * smuggling): more than one Content-Length, one that is not a plain number, a Transfer-Encoding
 * other than one clean {@code chunked}, or both headers at once.
 */
final class RequestFraming {
    private RequestFraming() {}

    /** Why the request is refused, or null when its framing is unambiguous. */
    static @Nullable String refusal(MultiMap headers) {
        List<String> lengths = headers.getAll("content-length");
        List<String> encodings = headers.getAll("transfer-encoding");
        if (lengths.size() > 1) {
            return "Bad Request: more than one Content-Length header.";
        }
        if (lengths.size() == 1 && !lengths.getFirst().matches("[0-9]{1,18}")) {
            return "Bad Request: Content-Length is not a number.";
        }
        if (!encodings.isEmpty()) {
            if (encodings.size() > 1 || !encodings.getFirst().equalsIgnoreCase("chunked")) {
                return "Bad Request: the only Transfer-Encoding accepted is one 'chunked'.";
            }
            if (!lengths.isEmpty()) {
                return "Bad Request: Content-Length and Transfer-Encoding together.";
            }
        }
        return null;
    }
}
