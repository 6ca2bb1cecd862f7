package dev.garrison.waf;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's share of a listener: its own server on the listener's port (Vert.x spreads
 * connections over the servers sharing it) and its own pooled client to the targets, so a
 * request and its upstream exchange stay on one thread. Started on the context of its loop.
 */
final class ProxyServer {
    private final Vertx vertx;
    private final LoadBalancer balancer;
    private final LoadBalancerSpec.Listener spec;
    private final HttpServerOptions options;
    private final Enforcement enforcement;
    private final ProxySettings settings;
    private final TrafficRecorder recorder;
    private final TokenEndpoint tokens;
    private final ConnectionLimits limits;
    private final Clock clock;
    /** Set on the loop when it starts; read by whichever thread stops the listener. */
    private volatile HttpServer server;

    ProxyServer(Vertx vertx, LoadBalancer balancer, LoadBalancerSpec.Listener spec, HttpServerOptions options,
            Enforcement enforcement, ProxySettings settings, TrafficRecorder recorder, TokenEndpoint tokens, ConnectionLimits limits,
            Clock clock) {
        this.vertx = vertx;
        this.balancer = balancer;
        this.spec = spec;
        this.options = options;
        this.enforcement = enforcement;
        this.settings = settings;
        this.recorder = recorder;
        this.tokens = tokens;
        this.limits = limits;
        this.clock = clock;
    }

    /** Listens, on the calling event loop; gives the port bound. */
    Future<Integer> start() {
        HttpClient upstream = vertx.createHttpClient(LoadBalancers.clientOptions(settings), new PoolOptions().setHttp1MaxSize(256));
        ProxyListener proxy = new ProxyListener(balancer, spec, upstream, enforcement, settings, recorder, tokens, clock);
        server = vertx.createHttpServer(options).requestHandler(proxy::handle).connectionHandler(connection -> {
            String client = connection.remoteAddress().hostAddress();
            if (!limits.admit(client)) {
                connection.close();
                return;
            }
            connection.closeHandler(v -> {
                limits.release(client);
                proxy.closed(connection);
            });
            LoadBalancers.guard(connection, settings);
        });
        return server.listen().map(HttpServer::actualPort);
    }

    /** Stops accepting and lets in-flight requests finish, for up to 30 seconds. */
    Future<Void> shutdown() {
        return server == null ? Future.succeededFuture() : server.shutdown(30, TimeUnit.SECONDS);
    }
}
