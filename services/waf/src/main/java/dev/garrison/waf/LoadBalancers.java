package dev.garrison.waf;

import dev.garrison.platform.server.EventLoops;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.impl.ConnectionBase;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data plane: every declared load balancer's listeners, on their own event loops apart from
 * the API's, with one pooled client to the targets.
 */
public final class LoadBalancers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoadBalancers.class);
    /** One event loop per core: the proxy never blocks, so more threads would only switch more. */
    private static final int EVENT_LOOPS = Runtime.getRuntime().availableProcessors();

    private final Vertx vertx;
    private final List<LoadBalancer> balancers;
    /** The client of the health checks; each listener instance has its own for traffic. */
    private final HttpClient upstream;
    /** Every listener's servers, one per event loop. */
    private final List<ProxyServer> servers = new java.util.concurrent.CopyOnWriteArrayList<>();

    LoadBalancers(List<LoadBalancer> balancers, ProxySettings settings) {
        this.vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(EVENT_LOOPS));
        this.balancers = balancers;
        this.upstream = vertx.createHttpClient(clientOptions(settings), new PoolOptions().setHttp1MaxSize(256));
    }

    /**
     * How the proxy talks to targets: kept-alive connections, bodies passed as they are, and a
     * connection silent for the upstream timeout (a target that stopped answering, or an idle
     * tunnel, as ALB's idle timeout) closed, which fails the exchange on it.
     */
    static HttpClientOptions clientOptions(ProxySettings settings) {
        return new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setConnectTimeout(settings.connectTimeoutMillis())
                .setIdleTimeout(settings.upstreamTimeoutMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setDecompressionSupported(false).setTrustAll(true).setVerifyHost(false);
    }

    List<LoadBalancer> all() {
        return balancers;
    }

    /**
     * Opens every listener, one server instance per event loop; returns the ports bound, in
     * declaration order (useful with port 0: the instances of one deployment share the port picked).
     */
    List<Integer> start(Enforcement enforcement, ProxySettings settings, TrafficRecorder recorder, TokenEndpoint tokens,
            Clock clock) throws Exception {
        List<Integer> ports = new ArrayList<>();
        int anyPort = 0;
        for (LoadBalancer balancer : balancers) {
            balancer.pools.values().forEach(pool -> pool.startChecks(vertx, upstream));
            for (LoadBalancerSpec.Listener listener : balancer.spec.listeners()) {
                // Vert.x shares a listening socket among the instances only when they ask for the same
                // port; for "any port" that takes a negative port, one per listener, so each
                // listener's instances share one socket picked by the system
                int port = listener.port() == 0 ? --anyPort : listener.port();
                HttpServerOptions options = new HttpServerOptions().setHost(listener.host()).setPort(port)
                        .setMaxHeaderSize(16 * 1024).setMaxInitialLineLength(8 * 1024).setIdleTimeout(60)
                        .setIdleTimeoutUnit(TimeUnit.SECONDS).setDecompressionSupported(false)
                        .setHandle100ContinueAutomatically(true).setHttp2ClearTextEnabled(false)
                        // WebSockets pass through as bytes; the server never negotiates their compression
                        .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false);
                if (listener.protocol().equals("HTTPS")) {
                    options.setSsl(true).setUseAlpn(true).setSslEngineOptions(new FingerprintingEngineOptions())
                            .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
                            .setKeyCertOptions(new PemKeyCertOptions().setCertPath(listener.certificate().toString())
                                    .setKeyPath(listener.key().toString()));
                }
                ConnectionLimits limits = new ConnectionLimits(settings.maxConnections(), settings.maxConnectionsPerClient());
                List<Integer> bound = EventLoops.startOnEach(vertx, () -> {
                    ProxyServer server = new ProxyServer(vertx, balancer, listener, options, enforcement, settings, recorder, tokens,
                            limits, clock);
                    servers.add(server);
                    return server.start();
                }, Duration.ofSeconds(30));
                if (bound.stream().distinct().count() != 1) {
                    throw new IllegalStateException("the event loops of listener " + balancer.spec.name() + ":" + listener.port()
                            + " bound different sockets");
                }
                ports.add(bound.getFirst());
                LOG.info("load balancer {} listening on {}://{}:{}", balancer.spec.name(),
                        listener.protocol().toLowerCase(java.util.Locale.ROOT), listener.host(), bound.getFirst());
            }
        }
        return ports;
    }

    /**
     * Puts a {@link FramingGuard} in front of the HTTP/1 decoder of a new connection. Vert.x has
     * no option for this, so it reaches the connection's Netty pipeline through Vert.x's internal
     * connection class (pinned by the BOM's version); HTTP/2 connections, which have no such
     * ambiguity, have no HTTP/1 decoder and are left alone.
     */
    static void guard(HttpConnection connection, ProxySettings settings) {
        if (!(connection instanceof ConnectionBase base)) {
            return;
        }
        ChannelPipeline pipeline = base.channel().pipeline();
        for (Map.Entry<String, ChannelHandler> handler : pipeline.toMap().entrySet()) {
            if (handler.getValue() instanceof HttpRequestDecoder) {
                pipeline.addBefore(handler.getKey(), "garrison-framing-guard",
                        new FramingGuard(settings.headerTimeoutSeconds() * 1000L));
                return;
            }
        }
    }

    /** Stops accepting, lets in-flight requests finish, then closes. */
    @Override
    public void close() {
        try {
            balancers.forEach(balancer -> balancer.pools.values().forEach(pool -> pool.stopChecks(vertx)));
            Future.all(servers.stream().map(ProxyServer::shutdown).toList()).toCompletionStage().toCompletableFuture()
                    .get(40, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(40, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("shutdown of the load balancers did not complete cleanly: {}", e.toString());
        }
    }
}
