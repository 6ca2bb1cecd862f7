package dev.garrison.platform.protocol;

import java.util.Map;

/**
 * An encoded answer.
 *
 * @param status the HTTP status
 * @param headers the headers to send besides the request id
 * @param body the body
 */
public record ApiResponse(int status, Map<String, String> headers, byte[] body) {}
