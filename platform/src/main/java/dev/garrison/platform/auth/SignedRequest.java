package dev.garrison.platform.auth;

import java.util.List;
import java.util.Map;

/**
 * The parts of an HTTP request that SigV4 signs, exactly as they arrived.
 *
 * @param method the HTTP method
 * @param rawPath the path as sent on the wire, still percent-encoded
 * @param rawQuery the query string as sent, without the {@code ?}, or empty
 * @param headers header values by lower-case name, in arrival order
 * @param body the request body
 */
public record SignedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {

    public String header(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** Names only: header values carry session tokens and the body may carry plaintext. */
    @Override
    public String toString() {
        return "SignedRequest[" + method + " " + rawPath + ", headers=" + headers.keySet() + ", body=" + body.length + " bytes]";
    }
}
