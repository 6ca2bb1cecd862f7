package dev.garrison.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * An open-loop HTTP/1.1 load on one Netty event loop: the calls are sent in turn at a fixed rate
 * over at most N keep-alive connections, and each latency counts from when its request was due, so
 * time spent waiting for a free connection counts too. Each request is encoded once and written as
 * a view of those bytes, and an answer is only parsed as far as its status and its end: the
 * generator shares the machine's cores with the server it measures, and the Vert.x client it
 * replaced spent enough of them per request that at half of a proxy's saturation the machine as a
 * whole ran near full, and queues of a few hundred milliseconds decided the 99th percentile.
 */
final class OpenLoop implements AutoCloseable {
    /** How long after its last request was due a run waits for the answers still outstanding. */
    private static final Duration DRAIN = Duration.ofSeconds(10);
    private static final boolean EPOLL = Epoll.isAvailable();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
            EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());

    /**
     * Runs each of {@code targets} for {@code measure} in all, after a warm-up of its own, in
     * {@link Turns#COUNT} turns that alternate between them, each turn counted after its
     * connections have had {@link LoadGenerator#TURN_SETTLE} to open: open-loop latencies drift
     * with the server's JIT as much as rates do. Each target's turns come back apart, in the order
     * they ran, so that a target's turns can be compared with another's of the same round.
     */
    List<List<LoadResult>> runInTurns(List<InetSocketAddress> targets, List<HttpCall> calls, int connections, double rate,
            Duration warmup, Duration measure) throws Exception {
        List<Turns.Phase<LoadResult>> phases = targets.stream().<Turns.Phase<LoadResult>>map(target -> (settle, turn) ->
                run(target, calls, connections, rate, settle, turn)).toList();
        return Turns.rounds(phases, warmup, LoadGenerator.TURN_SETTLE, measure.dividedBy(Turns.COUNT));
    }

    /**
     * Sends {@code calls} in turn at {@code rate} requests a second to {@code target} for {@code
     * warmup} plus {@code measure}, over at most {@code connections} connections; only the requests
     * due in the measurement are counted.
     */
    LoadResult run(InetSocketAddress target, List<HttpCall> calls, int connections, double rate, Duration warmup,
            Duration measure) throws Exception {
        EventLoop loop = group.next();
        Schedule schedule = new Schedule(loop, target, calls, connections, rate, warmup, measure);
        try {
            loop.execute(schedule::start);
            schedule.done.get(warmup.plus(measure).plus(DRAIN).toSeconds() + 10, TimeUnit.SECONDS);
            return new LoadResult(calls.getFirst().label(), connections, schedule.latencies.getTotalCount(),
                    schedule.failures, measure.toNanos() / 1e9, schedule.statuses, schedule.latencies);
        } finally {
            loop.submit(schedule::close).get(10, TimeUnit.SECONDS);
            schedule.release();
        }
    }

    /** The bytes of {@code call} as sent to {@code target}: its headers, its length and its body. */
    static byte[] encode(HttpCall call, InetSocketAddress target) {
        StringBuilder head = new StringBuilder(call.method()).append(' ').append(call.path()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(target.getHostString()).append(':').append(target.getPort()).append("\r\n");
        call.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                values.forEach(value -> head.append(name).append(": ").append(value).append("\r\n"));
            }
        });
        byte[] body = call.body();
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        bytes.writeBytes(body);
        return bytes.toByteArray();
    }

    /** One run's state; all of it is only touched on its event loop. */
    private static final class Schedule {
        final Histogram latencies = new Histogram(3);
        final Map<Integer, Long> statuses = new HashMap<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final EventLoop loop;
        final Bootstrap bootstrap;
        final List<ByteBuf> requests = new ArrayList<>();
        final int connections;
        final long interval;
        final long measureStart;
        final long measureEnd;
        /** The due times of requests waiting for a free connection, and which call each is. */
        final ArrayDeque<long[]> waiting = new ArrayDeque<>();
        final ArrayDeque<Connection> idle = new ArrayDeque<>();
        final List<Channel> open = new ArrayList<>();
        long next;
        long failures;
        int sent;
        int outstanding;
        int connecting;
        boolean closed;

        Schedule(EventLoop loop, InetSocketAddress target, List<HttpCall> calls, int connections, double rate,
                Duration warmup, Duration measure) {
            this.loop = loop;
            this.connections = connections;
            this.interval = (long) (1e9 / rate);
            for (HttpCall call : calls) {
                requests.add(Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(encode(call, target))));
            }
            long start = System.nanoTime();
            this.next = start;
            this.measureStart = start + warmup.toNanos();
            this.measureEnd = measureStart + measure.toNanos();
            this.bootstrap = new Bootstrap().group(loop).channel(EPOLL ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true).remoteAddress(target);
        }

        void start() {
            for (int i = 0; i < connections; i++) {
                connect();
            }
            tick();
        }

        /** Sends every request now due and wakes again when the next one is. */
        private void tick() {
            if (closed) {
                return;
            }
            long now = System.nanoTime();
            while (next <= now && next < measureEnd) {
                int call = sent++ % requests.size();
                outstanding++;
                Connection free = idle.poll();
                if (free == null && open.isEmpty() && connecting == 0) {
                    // nothing to send it on, nor anything coming: the target is unreachable
                    answered(next, -1);
                } else if (free == null) {
                    waiting.add(new long[] {next, call});
                } else {
                    free.send(next, call);
                }
                next += interval;
            }
            if (next < measureEnd) {
                loop.schedule(this::tick, next - now, TimeUnit.NANOSECONDS);
            } else {
                loop.schedule(this::giveUp, measureEnd - now + DRAIN.toNanos(), TimeUnit.NANOSECONDS);
                finishIfDone();
            }
        }

        private void connect() {
            Connection connection = new Connection();
            connecting++;
            bootstrap.clone().handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel channel) {
                    connection.channel = channel;
                    channel.pipeline().addLast(new HttpResponseDecoder(), connection);
                }
            }).connect().addListener(connected -> {
                connecting--;
                if (connected.isSuccess()) {
                    open.add(connection.channel);
                    connection.free();
                } else {
                    // an unreachable target: whatever waits for a connection fails, rather than waiting forever
                    failWaiting();
                }
            });
        }

        private void failWaiting() {
            for (long[] request = waiting.poll(); request != null; request = waiting.poll()) {
                answered(request[0], -1);
            }
        }

        /** Counts one answer (status -1: none came) if its request was due in the measurement. */
        private void answered(long due, int status) {
            if (due >= measureStart) {
                if (status < 0) {
                    failures++;
                } else {
                    latencies.recordValue(System.nanoTime() - due);
                    statuses.merge(status, 1L, Long::sum);
                }
            }
            outstanding--;
            finishIfDone();
        }

        private void finishIfDone() {
            if (next >= measureEnd && outstanding == 0) {
                done.complete(null);
            }
        }

        /** The answers not there {@link #DRAIN} after the last request was due count as failures. */
        private void giveUp() {
            if (!done.isDone()) {
                failures += outstanding;
                outstanding = 0;
                done.complete(null);
            }
        }

        void close() {
            closed = true;
            open.forEach(Channel::close);
        }

        /** Frees the encoded requests; called once the event loop is done with them. */
        void release() {
            requests.forEach(request -> request.unwrap().release());
        }

        /** One keep-alive connection with at most one request in flight. */
        private final class Connection extends SimpleChannelInboundHandler<HttpObject> {
            @Nullable Channel channel;
            long due;
            int status;
            boolean busy;

            void send(long dueAt, int call) {
                due = dueAt;
                status = 0;
                busy = true;
                channel.writeAndFlush(requests.get(call).duplicate());
            }

            /** Takes the oldest waiting request, or waits for the next one. */
            void free() {
                long[] request = waiting.poll();
                if (request == null) {
                    idle.add(this);
                } else {
                    send(request[0], (int) request[1]);
                }
            }

            @Override
            protected void channelRead0(ChannelHandlerContext context, HttpObject message) {
                if (message instanceof HttpResponse response) {
                    status = response.status().code();
                }
                if (message instanceof LastHttpContent) {
                    busy = false;
                    answered(due, status);
                    free();
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext context) {
                idle.remove(this);
                open.remove(channel);
                if (busy) {
                    busy = false;
                    answered(due, -1);
                }
                if (!closed) {
                    connect();
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
                context.close();
            }
        }
    }

    @Override
    public void close() throws Exception {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
    }
}
