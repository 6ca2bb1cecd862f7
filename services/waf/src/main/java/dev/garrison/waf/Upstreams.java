package dev.garrison.waf;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * The connections to the targets, kept alive between exchanges in a pool per event loop: an
 * exchange takes one made on its own loop, so a request and its upstream exchange stay on one
 * thread without a lock. A connection that was idle for the upstream timeout is closed. The
 * connections open to each target are counted over all loops, for target groups that cap them.
 */
final class Upstreams {
    /** How many idle connections to one target one loop keeps; more are closed when released. */
    private static final int MAX_IDLE = 256;
    /** The largest answer head a target may send, as on an ALB (32 KB); a larger one is a 502. */
    private static final int MAX_HEAD = 32 * 1024;

    private final ProxySettings settings;
    private final MeterRegistry registry;
    private final SslContext tls;
    /** Each target's connections, counted over all loops, and who waits for one. */
    private final Map<URI, TargetSlots> slots = new ConcurrentHashMap<>();
    /** The loops that opened connections: those that may pool idle ones. */
    private final Set<EventLoop> loops = ConcurrentHashMap.newKeySet();
    private final FastThreadLocal<Map<URI, ArrayDeque<Channel>>> idle = new FastThreadLocal<>() {
        @Override
        protected Map<URI, ArrayDeque<Channel>> initialValue() {
            return new HashMap<>();
        }
    };

    Upstreams(ProxySettings settings, MeterRegistry registry) {
        this.settings = settings;
        this.registry = registry;
        try {
            // targets are the operator's own apps, often with self-signed certificates: as before, not verified
            this.tls = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        } catch (SSLException e) {
            throw new IllegalStateException("the JDK's TLS client could not be set up", e);
        }
    }

    /**
     * Hands {@code then} a connection to {@code target} on {@code loop} (which must be the calling
     * thread's): a pooled one still open, unless {@code fresh} asks for a new one, or a new one; or
     * why none could be had. With a {@code cap} (0: none), at most that many connections are open
     * to the target at once: past it, {@code then} waits its turn for one, for at most the connect
     * timeout, and is then handed {@link TargetSlots.Full}.
     */
    void acquire(EventLoop loop, URI target, boolean fresh, int cap, BiConsumer<@Nullable Channel, @Nullable Throwable> then) {
        TargetSlots known = cap > 0 ? slots.get(target) : null;
        // under a cap, an idle connection is not for a newcomer while others wait their turn: it goes to them
        ArrayDeque<Channel> pooled = fresh || known != null && known.anyWaiting() ? null : idle.get().get(target);
        if (pooled != null) {
            Channel channel;
            while ((channel = pooled.pollFirst()) != null) {
                if (channel.isActive()) {
                    then.accept(channel, null);
                    return;
                }
            }
        }
        TargetSlots counted = slots.computeIfAbsent(target, this::counted);
        TargetSlots.Waiter waiter = counted.takeOrWait(loop, cap, then);
        if (waiter == null) {
            open(loop, target, counted, then);
            return;
        }
        waiter.expiry = loop.schedule(() -> {
            if (counted.giveUp(waiter)) {
                then.accept(null, new TargetSlots.Full());
            }
        }, settings.connectTimeoutMillis(), TimeUnit.MILLISECONDS);
        // connections idle in the pools hold slots that only their own loops can use: each loop closes one
        reclaimIdle(target, counted);
        for (EventLoop other : loops) {
            if (other != loop) {
                try {
                    other.execute(() -> reclaimIdle(target, counted));
                } catch (RejectedExecutionException e) {
                    // that loop shut down, and its connections with it
                }
            }
        }
    }

    /** A new count of the connections to {@code target}, shown in the metrics by its origin (never its user info). */
    private TargetSlots counted(URI target) {
        TargetSlots counted = new TargetSlots();
        String origin = target.getScheme() + "://" + target.getHost() + ":" + port(target);
        Gauge.builder("garrison_waf_target_connections", counted, TargetSlots::open)
                .description("Connections open from the load balancers to a target").tag("target", origin).register(registry);
        Gauge.builder("garrison_waf_target_waiting_requests", counted, TargetSlots::waiting)
                .description("Requests waiting for a connection to a target whose target group caps them").tag("target", origin)
                .register(registry);
        return counted;
    }

    /** On its loop: closes one of the loop's idle connections to {@code target} while anybody waits for a slot. */
    private void reclaimIdle(URI target, TargetSlots counted) {
        ArrayDeque<Channel> pooled = idle.get().get(target);
        Channel spare = pooled == null || !counted.anyWaiting() ? null : pooled.pollLast();
        if (spare != null) {
            spare.close();
        }
    }

    /** Opens a new connection, its slot taken, and gives the slot back when it closes or could not be opened. */
    private void open(EventLoop loop, URI target, TargetSlots counted, BiConsumer<@Nullable Channel, @Nullable Throwable> then) {
        BiConsumer<@Nullable Channel, @Nullable Throwable> counting = (channel, failure) -> {
            if (channel == null) {
                freed(loop, target, counted);
            } else {
                loops.add(loop);
                channel.closeFuture().addListener(closed -> freed(loop, target, counted));
            }
            then.accept(channel, failure);
        };
        String host = target.getHost();
        int port = port(target);
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(
                host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        if (literal != null) {
            connect(loop, target, counted, new InetSocketAddress(literal, port), counting);
            return;
        }
        // the JDK's resolver blocks (and honours the system's hosts file and resolver order, which
        // operators expect of a target's name): it runs beside the loop, which carries on meanwhile
        Thread.ofVirtual().name("garrison-resolve").start(() -> {
            Runnable next;
            try {
                InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(host), port);
                next = () -> connect(loop, target, counted, address, counting);
            } catch (UnknownHostException e) {
                next = () -> counting.accept(null, e);
            }
            try {
                loop.execute(next);
            } catch (RejectedExecutionException e) {
                // the listener shut down while the name was resolved: its exchanges are gone with it
                freed(loop, target, counted);
            }
        });
    }

    /** A connection's slot on {@code loop} is free: the first waiter it fits gets a new connection on its own loop. */
    private void freed(EventLoop loop, URI target, TargetSlots counted) {
        TargetSlots.Waiter next = counted.free(loop);
        if (next == null) {
            return;
        }
        try {
            next.loop.execute(() -> {
                next.stopWaiting();
                open(next.loop, target, counted, next.then);
            });
        } catch (RejectedExecutionException e) {
            freed(next.loop, target, counted); // the waiter's loop shut down, and its exchange with it
        }
    }

    private void connect(EventLoop loop, URI target, TargetSlots counted, InetSocketAddress address,
            BiConsumer<@Nullable Channel, @Nullable Throwable> then) {
        boolean secure = "https".equals(target.getScheme());
        new Bootstrap().group(loop).channel(Transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMillis())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (secure) {
                            channel.pipeline().addLast(tls.newHandler(channel.alloc(), target.getHost(), address.getPort()));
                        }
                        channel.pipeline().addLast(new HttpClientCodec(8 * 1024, MAX_HEAD, 8 * 1024),
                                new IdleStateHandler(0, 0, settings.upstreamTimeoutMillis(), TimeUnit.MILLISECONDS),
                                new UpstreamConnection(target, counted, Upstreams.this));
                    }
                })
                .connect(address).addListener((ChannelFutureListener) connected -> {
                    if (connected.isSuccess()) {
                        then.accept(connected.channel(), null);
                    } else {
                        then.accept(null, connected.cause());
                    }
                });
    }

    /**
     * Takes back a connection whose exchange is complete, on its own loop: while exchanges wait
     * for a connection to the target, one waiting on this loop gets it, or it is closed for its
     * slot to go to another loop ({@link TargetSlots#handOver}); when nobody waits, it is pooled.
     */
    void release(Channel channel, UpstreamConnection connection) {
        if (!channel.isActive()) {
            return;
        }
        TargetSlots counted = connection.slots;
        if (counted.anyWaiting()) {
            TargetSlots.Waiter next = counted.handOver(channel.eventLoop());
            if (next == null) {
                channel.close();
            } else {
                next.stopWaiting();
                next.then.accept(channel, null);
            }
            return;
        }
        ArrayDeque<Channel> pooled = idle.get().computeIfAbsent(connection.target, t -> new ArrayDeque<>());
        if (pooled.size() >= MAX_IDLE) {
            channel.close();
        } else {
            pooled.addFirst(channel); // the most recently used first: the others may time out and close
        }
    }

    /** Drops a closed connection from its loop's pool. */
    void forget(Channel channel, UpstreamConnection connection) {
        ArrayDeque<Channel> pooled = idle.get().get(connection.target);
        if (pooled != null) {
            pooled.remove(channel);
        }
    }

    static int port(URI target) {
        return target.getPort() > 0 ? target.getPort() : "https".equals(target.getScheme()) ? 443 : 80;
    }
}
