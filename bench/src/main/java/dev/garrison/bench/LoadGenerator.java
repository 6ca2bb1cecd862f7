package dev.garrison.bench;

import dev.garrison.platform.server.EventLoops;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop HTTP/1.1 load generator: each of N keep-alive connections sends the next request
 * as soon as the previous answer is read. Requests started during the warm-up are not counted.
 */
public final class LoadGenerator implements AutoCloseable {
    /** How long each turn runs before it counts: its connections open and settle. */
    static final Duration TURN_SETTLE = Duration.ofMillis(500);
    private final Vertx vertx;
    private final int eventLoops;

    public LoadGenerator(int eventLoops) {
        this.eventLoops = eventLoops;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops).setPreferNativeTransport(true));
    }

    /**
     * Runs each of {@code calls} for {@code duration} and forgets the figures: a benchmark's first
     * measured phase would otherwise also measure the server compiling its code paths.
     */
    public void warm(String host, int port, List<HttpCall> calls, int connections, Duration duration) throws Exception {
        for (HttpCall call : calls) {
            run(host, port, call, connections, duration, Duration.ofMillis(1));
        }
    }

    /**
     * Runs {@code call} over {@code connections} connections for warm-up plus measurement, the
     * connections shared out over the event loops, each loop with its own client: started from one
     * thread they would all run on one loop, which then limits what is measured.
     */
    public LoadResult run(String host, int port, HttpCall call, int connections, Duration warmup, Duration measure)
            throws Exception {
        long measureStart = System.nanoTime() + warmup.toNanos();
        long measureEnd = measureStart + measure.toNanos();
        AtomicInteger slots = new AtomicInteger();
        List<Share> shares = EventLoops.startOnEach(vertx, () -> {
            int slot = slots.getAndIncrement();
            int count = connections / eventLoops + (slot < connections % eventLoops ? 1 : 0);
            HttpClient client = vertx.httpClientBuilder()
                    .with(new HttpClientOptions().setKeepAlive(true).setDefaultHost(host).setDefaultPort(port))
                    .with(new PoolOptions().setHttp1MaxSize(Math.max(1, count)))
                    .build();
            List<Loop> loops = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Loop loop = new Loop(client, options(call), call.body(), measureStart, measureEnd);
                loops.add(loop);
                loop.next();
            }
            return Future.succeededFuture(new Share(client, loops));
        }, Duration.ofSeconds(10));
        try {
            List<Loop> loops = shares.stream().flatMap(share -> share.loops().stream()).toList();
            Future.all(loops.stream().map(loop -> loop.done.future()).toList()).toCompletionStage().toCompletableFuture()
                    .get(warmup.plus(measure).toSeconds() + 60, TimeUnit.SECONDS);
            return merge(call.label(), connections, loops, measure);
        } finally {
            Future.all(shares.stream().map(share -> share.client().close()).toList()).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * One side of a comparison: a call against a server, made afresh for each turn (a signed
     * call's date must stay within the server's 5-minute skew however long the run).
     */
    public record Side(String host, int port, Supplier<HttpCall> call) {}

    /**
     * Runs each of {@code sides} for {@code measure} in all, after a warm-up of its own, in
     * {@link Turns#COUNT} turns that alternate between them, each turn counted after its
     * connections have had {@link #TURN_SETTLE} to open.
     */
    public List<LoadResult> runInTurns(List<Side> sides, int connections, Duration warmup, Duration measure)
            throws Exception {
        List<Turns.Phase<LoadResult>> phases = sides.stream().<Turns.Phase<LoadResult>>map(side -> (settle, turn) ->
                run(side.host(), side.port(), side.call().get(), connections, settle, turn)).toList();
        return Turns.run(phases, warmup, TURN_SETTLE, measure.dividedBy(Turns.COUNT), LoadResult::merge);
    }

    /** One event loop's client and the connection loops it runs. */
    private record Share(HttpClient client, List<Loop> loops) {}

    /**
     * The request's headers are checked once here and shared read-only by every request: a
     * mutable map is copied and every header re-validated per request, which cost the generator
     * more the more headers a call has, and so tilted comparisons between calls. The body's length
     * is among them, so the client has nothing to add.
     */
    private static RequestOptions options(HttpCall call) {
        MultiMap headers = HttpHeaders.headers();
        call.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                headers.add(name, values);
            }
        });
        headers.set(HttpHeaders.CONTENT_LENGTH, Integer.toString(call.body().length));
        return new RequestOptions().setMethod(HttpMethod.valueOf(call.method())).setURI(call.path())
                .setHeaders(headers.copy(false));
    }

    private static LoadResult merge(String label, int connections, List<Loop> loops, Duration measure) {
        Histogram latencies = new Histogram(3);
        Map<Integer, Long> statuses = new HashMap<>();
        long failures = 0;
        for (Loop loop : loops) {
            latencies.add(loop.latencies);
            loop.statuses.forEach((status, count) -> statuses.merge(status, count, Long::sum));
            failures += loop.failures;
        }
        return new LoadResult(label, connections, latencies.getTotalCount(), failures, measure.toNanos() / 1e9,
                statuses, latencies);
    }

    /** One connection's request loop; its state is only touched by its own chain of callbacks. */
    private static final class Loop {
        final Histogram latencies = new Histogram(3);
        final Map<Integer, Long> statuses = new HashMap<>();
        final Promise<Void> done = Promise.promise();
        final HttpClient client;
        final RequestOptions options;
        final byte[] body;
        final long measureStart;
        final long measureEnd;
        long failures;

        Loop(HttpClient client, RequestOptions options, byte[] body, long measureStart, long measureEnd) {
            this.client = client;
            this.options = options;
            this.body = body;
            this.measureStart = measureStart;
            this.measureEnd = measureEnd;
        }

        void next() {
            long started = System.nanoTime();
            if (started >= measureEnd) {
                done.complete();
                return;
            }
            client.request(options)
                    .compose(request -> request.send(Buffer.buffer(body)))
                    .compose(response -> response.body().map(ignored -> response.statusCode()))
                    .onComplete(answer -> {
                        if (started >= measureStart) {
                            if (answer.succeeded()) {
                                latencies.recordValue(System.nanoTime() - started);
                                statuses.merge(answer.result(), 1L, Long::sum);
                            } else {
                                failures++;
                            }
                        }
                        next();
                    });
        }
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
