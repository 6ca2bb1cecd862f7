package dev.garrison.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenLoopTest {
    private Vertx vertx;
    private HttpServer first;
    private HttpServer second;
    private final AtomicInteger served = new AtomicInteger();
    private final Map<String, AtomicInteger> servedByPath = new ConcurrentHashMap<>();
    private final List<String> servedInOrder = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void startServers() throws Exception {
        vertx = Vertx.vertx();
        first = server("first");
        second = server("second");
    }

    /** Answers 204 to a well-formed call and 400 to anything else; a path ending in /slow after 50 ms. */
    private HttpServer server(String name) throws Exception {
        return vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            served.incrementAndGet();
            servedByPath.computeIfAbsent(request.path(), path -> new AtomicInteger()).incrementAndGet();
            servedInOrder.add(name);
            boolean wellFormed = "yes".equals(request.getHeader("x-test")) && "4".equals(request.getHeader("content-length"))
                    && body.toString().equals("ping");
            int status = wellFormed ? 204 : 400;
            if (request.path().endsWith("/slow")) {
                vertx.setTimer(50, id -> request.response().setStatusCode(status).end());
            } else {
                request.response().setStatusCode(status).end();
            }
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopServers() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static HttpCall call(String path) {
        return new HttpCall("paced", "POST", path, Map.of("X-Test", List.of("yes")), "ping".getBytes());
    }

    @Test
    void sendsTheCallsInTurnAtTheRateAskedAndCountsOnlyThoseDueInTheMeasurement() throws Exception {
        LoadResult result;
        try (OpenLoop load = new OpenLoop()) {
            result = load.run(new InetSocketAddress("127.0.0.1", first.actualPort()), List.of(call("/a"), call("/b")), 4, 400,
                    Duration.ofMillis(250), Duration.ofMillis(500));
        }
        assertThat(result.failures()).isZero();
        assertThat(result.statuses()).containsExactly(Map.entry(204, result.requests()));
        // 400 a second for the half second measured; requests due in the warm-up are not counted
        assertThat(result.requests()).isBetween(195L, 205L);
        assertThat(served.get()).isBetween(295, 305);
        assertThat(servedByPath.get("/a").get() - servedByPath.get("/b").get()).isBetween(0, 1);
        assertThat(result.seconds()).isEqualTo(0.5, Offset.offset(1e-9));
    }

    @Test
    void timesEachAnswerFromWhenItsRequestWasDueNotWhenAConnectionFreedUp() throws Exception {
        LoadResult result;
        try (OpenLoop load = new OpenLoop()) {
            // one connection, an answer every 50 ms, a request due every 10 ms: each waits longer than the last
            result = load.run(new InetSocketAddress("127.0.0.1", first.actualPort()), List.of(call("/slow")), 1, 100,
                    Duration.ZERO, Duration.ofMillis(300));
        }
        assertThat(result.failures()).isZero();
        assertThat(result.requests()).isEqualTo(30);
        // the last of 30 was due at 290 ms and answered at about 30 x 50 ms = 1.5 s
        assertThat(result.latencies().getMaxValue() / 1e6).isGreaterThan(1000);
        assertThat(result.p50Millis()).isGreaterThan(500);
    }

    @Test
    void countsAnUnreachableTargetAsFailuresWithoutHanging() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        LoadResult result;
        try (OpenLoop load = new OpenLoop()) {
            result = load.run(new InetSocketAddress("127.0.0.1", port), List.of(call("/a")), 2, 100, Duration.ZERO,
                    Duration.ofMillis(300));
        }
        assertThat(result.requests()).isZero();
        assertThat(result.failures()).isPositive();
        assertThat(result.statusSummary()).isEqualTo("none");
    }

    @Test
    void aChildProcessRunsTheTargetsInAlternatingTurnsAtTheRateAsked(@TempDir Path work) throws Exception {
        List<List<LoadResult>> turns = OpenLoopProcess.runInTurns(List.of(new InetSocketAddress("127.0.0.1", first.actualPort()),
                new InetSocketAddress("127.0.0.1", second.actualPort())), List.of(call("/a")), 2, 400, Duration.ofMillis(100),
                Duration.ofMillis(1000), work);
        assertThat(turns).hasSize(2);
        for (List<LoadResult> target : turns) {
            assertThat(target).hasSize(Turns.COUNT);
            // each turn's own count: 400 a second for 0.2 s
            assertThat(target).allSatisfy(turn -> assertThat(turn.requests()).isBetween(70L, 90L));
            LoadResult result = LoadResult.merge(target);
            assertThat(result.label()).isEqualTo("paced");
            assertThat(result.seconds()).isEqualTo(1.0, Offset.offset(1e-9));
            // 400 a second for the second measured in five turns of 0.2 s
            assertThat(result.requests()).isBetween(390L, 410L);
            assertThat(result.statuses()).containsExactly(Map.entry(204, result.requests()));
            assertThat(result.latencies().getTotalCount()).isEqualTo(result.requests());
        }
        // a warm-up of each, then a turn of each, five times over
        long switches = IntStream.range(1, servedInOrder.size())
                .filter(i -> !servedInOrder.get(i).equals(servedInOrder.get(i - 1))).count();
        assertThat(switches).isEqualTo(2L * Turns.COUNT + 1);
    }
}
