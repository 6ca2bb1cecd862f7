package dev.garrison.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {
    private Vertx vertx;
    private HttpServer server;
    private final AtomicInteger served = new AtomicInteger();
    private final Map<String, AtomicInteger> servedByPath = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> servedInOrder = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    @BeforeEach
    void startServer() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            served.incrementAndGet();
            servedByPath.computeIfAbsent(request.path(), path -> new AtomicInteger()).incrementAndGet();
            servedInOrder.add(request.path());
            boolean wellFormed = request.getHeader("x-test").equals("yes") && "4".equals(request.getHeader("content-length"))
                    && body.toString().equals("ping");
            request.response().setStatusCode(wellFormed ? 204 : 400).end();
        }));
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopServer() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void countsOnlyAnswersToRequestsStartedAfterTheWarmUp() throws Exception {
        HttpCall call = new HttpCall("test", "POST", "/", Map.of("X-Test", List.of("yes")), "ping".getBytes());
        LoadResult result;
        try (LoadGenerator load = new LoadGenerator(1)) {
            result = load.run("127.0.0.1", server.actualPort(), call, 4, Duration.ofMillis(300), Duration.ofMillis(700));
        }
        assertThat(result.failures()).isZero();
        assertThat(result.requests()).isPositive().isLessThan(served.get());
        assertThat(result.statuses()).containsExactly(Map.entry(204, result.requests()));
        assertThat(result.p50Millis()).isPositive().isLessThanOrEqualTo(result.p99Millis());
        assertThat(result.requestsPerSecond()).isEqualTo(result.requests() / 0.7, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void runsSidesInAlternatingTurnsThatAddUpToTheMeasurement() throws Exception {
        HttpCall a = new HttpCall("a", "POST", "/a", Map.of("X-Test", List.of("yes")), "ping".getBytes());
        HttpCall b = new HttpCall("b", "POST", "/b", Map.of("X-Test", List.of("yes")), "ping".getBytes());
        int port = server.actualPort();
        List<LoadResult> results;
        try (LoadGenerator load = new LoadGenerator(1)) {
            results = load.runInTurns(List.of(new LoadGenerator.Side("127.0.0.1", port, () -> a),
                    new LoadGenerator.Side("127.0.0.1", port, () -> b)), 2, Duration.ofMillis(100), Duration.ofMillis(500));
        }
        assertThat(results).extracting(LoadResult::label).containsExactly("a", "b");
        for (LoadResult result : results) {
            assertThat(result.seconds()).isEqualTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(result.requests()).isPositive();
            assertThat(result.statuses()).containsExactly(Map.entry(204, result.requests()));
            assertThat(result.latencies().getTotalCount()).isEqualTo(result.requests());
        }
        // a warm-up of each, then a turn of each, five times over: the server saw the paths switch 11 times
        long switches = java.util.stream.IntStream.range(1, servedInOrder.size())
                .filter(i -> !servedInOrder.get(i).equals(servedInOrder.get(i - 1))).count();
        assertThat(switches).isEqualTo(2L * Turns.COUNT + 1);
    }

    @Test
    void countsConnectionFailuresWithoutHanging() throws Exception {
        int port = server.actualPort();
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        HttpCall call = new HttpCall("test", "GET", "/", Map.of(), new byte[0]);
        LoadResult result;
        try (LoadGenerator load = new LoadGenerator(1)) {
            result = load.run("127.0.0.1", port, call, 2, Duration.ZERO, Duration.ofMillis(300));
        }
        assertThat(result.requests()).isZero();
        assertThat(result.failures()).isPositive();
        assertThat(result.statusSummary()).isEqualTo("none");
    }
}
