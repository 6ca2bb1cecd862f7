package dev.garrison.waf;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data plane: every declared load balancer's listeners, on event loops of their own apart
 * from the API's, written on Netty directly. A bare Vert.x proxy (its HTTP server and client)
 * measured 74-84% of nginx's throughput on this kind of machine and a bare Netty one 93-105%, and
 * the load balancer must stay within reach of nginx.
 */
public final class LoadBalancers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoadBalancers.class);
    /** One event loop per core: the proxy never blocks, so more threads would only switch more. */
    private static final int EVENT_LOOPS = Runtime.getRuntime().availableProcessors();
    /** How long a shutdown lets in-flight requests finish. */
    private static final int GRACE_SECONDS = 30;

    private final EventLoopGroup loops;
    private final List<LoadBalancer> balancers;
    private final Upstreams upstreams;
    private final HeadBudget heads;
    private final List<ProxyServer> servers = new ArrayList<>();

    LoadBalancers(List<LoadBalancer> balancers, ProxySettings settings, MeterRegistry registry) {
        this.loops = Transport.loops(EVENT_LOOPS);
        this.balancers = balancers;
        this.upstreams = new Upstreams(settings, registry);
        this.heads = new HeadBudget(settings.maxPendingHeadBytes());
        Gauge.builder("garrison_waf_pending_head_bytes", heads, HeadBudget::held)
                .description("Bytes of request heads still arriving that the load balancers hold").register(registry);
    }

    List<LoadBalancer> all() {
        return balancers;
    }

    /** Opens every listener; returns the ports bound, in declaration order (useful with port 0). */
    List<Integer> start(Enforcement enforcement, ProxySettings settings, TrafficRecorder recorder, TokenEndpoint tokens,
            Clock clock) throws Exception {
        List<Integer> ports = new ArrayList<>();
        for (LoadBalancer balancer : balancers) {
            balancer.pools.values().forEach(pool -> pool.startChecks(loops.next(), upstreams));
            for (LoadBalancerSpec.Listener listener : balancer.spec.listeners()) {
                ConnectionLimits limits = new ConnectionLimits(settings.maxConnections(), settings.maxConnectionsPerClient());
                ProxyListener proxy = new ProxyListener(balancer, listener, upstreams, enforcement, settings, recorder, tokens, clock);
                ProxyServer server = new ProxyServer(listener, proxy, settings, limits, heads, tls(listener));
                int port = server.start(loops);
                servers.add(server);
                ports.add(port);
                LOG.info("load balancer {} listening on {}://{}:{}", balancer.spec.name(),
                        listener.protocol().toLowerCase(java.util.Locale.ROOT), listener.host(), port);
            }
        }
        return ports;
    }

    /**
     * An HTTPS listener's TLS: its PEM certificate chain and key (read as the API's listener reads
     * them, so PKCS#1, PKCS#8 and EC keys all do), HTTP/2 and HTTP/1.1 offered by ALPN, and the
     * client's hello fingerprinted.
     */
    private static @Nullable SslContext tls(LoadBalancerSpec.Listener listener) throws Exception {
        if (!listener.protocol().equals("HTTPS")) {
            return null;
        }
        PemKeyCertOptions pem = new PemKeyCertOptions()
                .setCertValue(Buffer.buffer(Files.readAllBytes(listener.certificate())))
                .setKeyValue(Buffer.buffer(Files.readAllBytes(listener.key())));
        // given values rather than paths, the options read nothing through Vert.x
        SslContext context = SslContextBuilder.forServer(pem.getKeyManagerFactory(null)).sslProvider(SslProvider.JDK)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                .build();
        return new FingerprintingSslContext(context);
    }

    /** Stops accepting, lets in-flight requests finish, then closes. */
    @Override
    public void close() {
        try {
            balancers.forEach(balancer -> balancer.pools.values().forEach(TargetPool::stopChecks));
            for (ProxyServer server : servers) {
                server.shutdown(GRACE_SECONDS);
            }
            loops.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("shutdown of the load balancers was interrupted");
        }
    }
}
