package dev.garrison.platform.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What an operation knows about the call it serves.
 *
 * @param requestId the id echoed in {@code x-amzn-RequestId}
 * @param principal the authenticated caller
 * @param region the region of the request's credential scope
 * @param sourceIp the client's address
 * @param userAgent the client's {@code User-Agent}, or empty
 * @param receivedAt when the request arrived, on the server's clock
 * @param secureTransport whether the request came over TLS ({@code aws:SecureTransport})
 */
public record CallContext(String requestId, Principal principal, String region, String sourceIp, String userAgent,
        Instant receivedAt, boolean secureTransport) {

    public CallContext {
        requireNonNull(requestId, "requestId");
        requireNonNull(principal, "principal");
        requireNonNull(region, "region");
        requireNonNull(sourceIp, "sourceIp");
        requireNonNull(userAgent, "userAgent");
        requireNonNull(receivedAt, "receivedAt");
    }
}
