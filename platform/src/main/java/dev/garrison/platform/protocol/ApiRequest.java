package dev.garrison.platform.protocol;

import dev.garrison.platform.auth.SignedRequest;
import dev.garrison.platform.core.CommonErrors;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An API request as it arrived: method, raw path and query, headers by lower-case name, body.
 *
 * @param method the HTTP method
 * @param rawPath the path as sent, still percent-encoded
 * @param rawQuery the query string without {@code ?}, or empty
 * @param headers header values by lower-case name
 * @param body the whole body
 * @param sourceIp the client's address
 * @param secure whether the request came over TLS
 */
public record ApiRequest(
        String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body, String sourceIp,
        boolean secure) {
    /** Headers that name one thing: a second copy makes the request ambiguous, so it is refused. */
    private static final List<String> SINGLE_VALUED = List.of("host", "content-type", "x-amz-target", "authorization",
            "x-amz-date", "date", "x-amz-security-token", "x-amz-content-sha256");

    /** Refuses a request that repeats a header which must appear at most once. */
    public void requireSingleValuedHeaders() {
        for (String name : SINGLE_VALUED) {
            List<String> values = headers.get(name);
            if (values != null && values.size() > 1) {
                throw CommonErrors.serialization("Header '" + name + "' appears more than once.");
            }
        }
    }

    public @Nullable String header(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** The content type without parameters, lower-cased, or empty. */
    public String mediaType() {
        String type = header("content-type");
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(java.util.Locale.ROOT);
    }

    public SignedRequest signed() {
        return new SignedRequest(method, rawPath, rawQuery, headers, body);
    }

    /** Names only: header values carry session tokens and the body may carry plaintext. */
    @Override
    public String toString() {
        return "ApiRequest[" + method + " " + rawPath + " from " + sourceIp + ", headers=" + headers.keySet()
                + ", body=" + body.length + " bytes]";
    }
}
