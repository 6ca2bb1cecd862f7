package dev.garrison.waf;

/**
 * How the proxy behaves, from configuration.
 *
 * @param bodyInspectionBytes how much of a body the web ACL inspects (8 KB as on an ALB, up to 64 KB)
 * @param failOpen whether requests pass uninspected when the web ACL cannot be evaluated (default: refused, 503)
 * @param connectTimeoutMillis how long connecting to a target may take (10 s as on an ALB): a
 *     target that has not accepted the connection by then fails the request with 504
 * @param upstreamTimeoutMillis how long a connection may stay silent (ALB's idle timeout): a target
 *     that stops answering for that long fails its exchange with 504; an idle client connection
 *     (between requests), pooled target connection or WebSocket tunnel is closed
 * @param headerTimeoutSeconds how long a client may take to send a request's line and headers
 *     once it has started (slow clients are answered 408 and disconnected; an HTTP/2 connection
 *     whose header block takes longer is sent a GOAWAY and closed)
 * @param maxConnections how many connections one listener holds open; more are closed at once
 * @param maxConnectionsPerClient how many of them one client address may hold
 * @param maxPendingHeadBytes how many bytes of request heads still arriving all listeners hold at
 *     once (an eighth of the heap by default, at most 2 GB): a client whose head would take them past it is
 *     answered 503 and disconnected
 */
public record ProxySettings(int bodyInspectionBytes, boolean failOpen, int connectTimeoutMillis, int upstreamTimeoutMillis,
        int headerTimeoutSeconds, int maxConnections, int maxConnectionsPerClient, int maxPendingHeadBytes) {
    public static final ProxySettings DEFAULTS = new ProxySettings(8 * 1024, false, 10_000, 60_000, 30, 20_000, 1_000,
            (int) Math.min(Runtime.getRuntime().maxMemory() / 8, Integer.MAX_VALUE));
}
