package dev.garrison.waf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A web request as the rule engine inspects it. Text is held as ISO-8859-1 strings of the bytes
 * received, so every byte is one char and nothing is lost or reinterpreted before a text
 * transformation asks for it.
 *
 * @param method the HTTP method
 * @param path the URI path as received (still percent-encoded)
 * @param query the query string as received, without the {@code ?}, empty when none
 * @param headers every header in the order received, names as sent
 * @param body the first bytes of the body, at most the inspection limit, one char per byte
 * @param bodyLength the body's full length, -1 when not yet known (streamed beyond the limit)
 * @param bodyLimit how many body bytes the engine inspects
 * @param clientIp the peer's address, 4 or 16 bytes
 * @param clientIpText the peer's address as text
 * @param host the host the request names (its Host header or HTTP/2 authority, without the port), lowercased
 * @param tls the client's TLS fingerprints, null on plain HTTP or when its hello could not be read
 */
record WebRequest(String method, String path, String query, List<Map.Entry<String, String>> headers, String body,
        long bodyLength, int bodyLimit, byte[] clientIp, String clientIpText, String host,
        @Nullable TlsFingerprint tls) {

    /** The values of the header named {@code name}, case-insensitively. */
    List<String> header(String name) {
        List<String> values = new ArrayList<>(1);
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                values.add(header.getValue());
            }
        }
        return values;
    }

    /** The same request without its body's bytes (its length stays). */
    WebRequest withoutBody() {
        return new WebRequest(method, path, query, headers, "", bodyLength, bodyLimit, clientIp, clientIpText, host, tls);
    }

    /** Whether the body is longer than what the engine inspects. */
    boolean bodyOversize() {
        return bodyLength < 0 || bodyLength > bodyLimit;
    }

    /** The query's arguments in order, names and values as received (not decoded). */
    List<Map.Entry<String, String>> queryArguments() {
        List<Map.Entry<String, String>> arguments = new ArrayList<>();
        if (query.isEmpty()) {
            return arguments;
        }
        int start = 0;
        while (start <= query.length()) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = query.length();
            }
            if (end > start) {
                // '=' is looked for within the pair: a search to the query's end made 8 KB of a&a&a... quadratic
                int eq = query.indexOf('=', start, end);
                arguments.add(eq < 0 ? Map.entry(query.substring(start, end), "")
                        : Map.entry(query.substring(start, eq), query.substring(eq + 1, end)));
            }
            start = end + 1;
        }
        return arguments;
    }

    /** The cookies of every {@code Cookie} header, in order. */
    List<Map.Entry<String, String>> cookies() {
        return cookies(header("cookie"));
    }

    /** The cookies of {@code Cookie} header values, in order. */
    static List<Map.Entry<String, String>> cookies(List<String> cookieHeaders) {
        List<Map.Entry<String, String>> cookies = new ArrayList<>();
        for (String header : cookieHeaders) {
            for (String pair : header.split(";")) {
                String trimmed = pair.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                int eq = trimmed.indexOf('=');
                cookies.add(eq < 0 ? Map.entry(trimmed, "") : Map.entry(trimmed.substring(0, eq), trimmed.substring(eq + 1)));
            }
        }
        return cookies;
    }
}
