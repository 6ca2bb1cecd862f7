package dev.garrison.waf;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code JA3Fingerprint} and {@code JA4Fingerprint}: the client's TLS fingerprint on an HTTPS
 * listener. A request without one (plain HTTP, or a hello that could not be read) takes the
 * rule's fallback, MATCH or NO_MATCH.
 */
final class TlsFingerprintField implements Field {
    private final boolean ja4;
    private final boolean fallbackMatches;

    TlsFingerprintField(boolean ja4, String fallback) {
        this.ja4 = ja4;
        this.fallbackMatches = fallback.equals("MATCH");
    }

    @Override
    public List<String> values(WebRequest request) {
        TlsFingerprint tls = request.tls();
        return tls == null ? List.of() : List.of(ja4 ? tls.ja4() : tls.ja3());
    }

    @Override
    public @Nullable Boolean oversize(WebRequest request) {
        return request.tls() == null ? fallbackMatches : null;
    }
}
