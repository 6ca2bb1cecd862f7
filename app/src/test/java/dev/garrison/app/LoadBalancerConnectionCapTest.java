package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A target group's {@code max-connections-per-target}: a target that can serve only so many
 * requests at once is never sent more, over all the proxy's event loops; the requests beyond wait
 * for a connection to come free, and one that waits longer than the connect timeout is answered 503
 * without reaching the target.
 */
class LoadBalancerConnectionCapTest {

    @Test
    void requestsBeyondTheCapWaitTheirTurnAndTheTargetNeverServesMoreAtOnce() throws Exception {
        try (GatedTarget target = new GatedTarget();
                TestServer garrison = TestServer.start(Map.of(), config("capped", target.port(), 2), Clock.systemUTC())) {
            String proxy = "http://127.0.0.1:" + garrison.server.loadBalancerPorts().getFirst();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<CompletableFuture<HttpResponse<String>>> answers = IntStream.range(0, 6).mapToObj(i -> client.sendAsync(
                    HttpRequest.newBuilder(URI.create(proxy + "/held/" + i)).build(), HttpResponse.BodyHandlers.ofString())).toList();
            assertThat(target.twoHeld.await(10, TimeUnit.SECONDS)).as("two requests reach the target").isTrue();
            Thread.sleep(500); // time enough for the other four to reach it, were they not held back
            assertThat(target.held.get()).as("requests at the target while the cap is reached").isEqualTo(2);
            String metrics = client.send(HttpRequest.newBuilder(URI.create(garrison.endpoint() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String origin = "{target=\"http://127.0.0.1:" + target.port() + "\"}";
            assertThat(metrics).contains("garrison_waf_target_connections" + origin + " 2.0")
                    .contains("garrison_waf_target_waiting_requests" + origin + " 4.0");
            target.gate.countDown();
            for (int i = 0; i < answers.size(); i++) {
                HttpResponse<String> answer = answers.get(i).get(10, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).isEqualTo("GET /held/" + i);
            }
            assertThat(target.peakHeld.get()).as("the most requests the target ever served at once").isEqualTo(2);
            assertThat(target.seen).filteredOn(path -> path.startsWith("/held/")).hasSize(6);
        }
    }

    @Test
    void aRequestWaitingLongerThanTheConnectTimeoutIsAnswered503WithoutReachingTheTarget() throws Exception {
        try (GatedTarget target = new GatedTarget();
                TestServer garrison = TestServer.start(Map.of("waf-connect-timeout-seconds", "1"), config("single", target.port(), 1),
                        Clock.systemUTC())) {
            String proxy = "http://127.0.0.1:" + garrison.server.loadBalancerPorts().getFirst();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            CompletableFuture<HttpResponse<String>> first = client.sendAsync(
                    HttpRequest.newBuilder(URI.create(proxy + "/held/first")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(target.oneHeld.await(10, TimeUnit.SECONDS)).isTrue();
            long started = System.nanoTime();
            HttpResponse<String> second = client.send(HttpRequest.newBuilder(URI.create(proxy + "/held/second")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(second.statusCode()).isEqualTo(503);
            assertThat(second.body()).contains("stayed busy for the connect timeout");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("it waited the connect timeout")
                    .isGreaterThanOrEqualTo(900);
            target.gate.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(target.seen).filteredOn(path -> path.startsWith("/held/")).containsExactly("/held/first");
            HttpResponse<String> after = client.send(HttpRequest.newBuilder(URI.create(proxy + "/held/after")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(after.statusCode()).as("the slot is free again").isEqualTo(200);
        }
    }

    private static String config(String name, int port, int cap) {
        return "load-balancers:\n  " + name + ":\n    listeners: [{port: 0}]\n    target-groups:\n      web: {targets: [http://127.0.0.1:"
                + port + "], health-check-path: /health, health-check-interval-seconds: 300, max-connections-per-target: " + cap + "}\n";
    }

    /**
     * A target on raw sockets that answers {@code /held/...} only once {@code gate} opens, counting
     * the requests it holds, and anything else at once; keep-alive, one request at a time per connection.
     */
    static final class GatedTarget implements AutoCloseable {
        final CountDownLatch gate = new CountDownLatch(1);
        final CountDownLatch oneHeld = new CountDownLatch(1);
        final CountDownLatch twoHeld = new CountDownLatch(2);
        final AtomicInteger held = new AtomicInteger();
        final AtomicInteger peakHeld = new AtomicInteger();
        final List<String> seen = new CopyOnWriteArrayList<>();
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

        GatedTarget() throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        Thread.ofVirtual().start(() -> serve(socket));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve(Socket socket) {
            try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
                for (String path = path(in); path != null; path = path(in)) {
                    seen.add(path);
                    if (path.startsWith("/held/")) {
                        int now = held.incrementAndGet();
                        peakHeld.accumulateAndGet(now, Math::max);
                        oneHeld.countDown();
                        twoHeld.countDown();
                        gate.await();
                        held.decrementAndGet();
                    }
                    byte[] body = ("GET " + path).getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                }
            } catch (IOException e) {
                // the proxy closed the connection
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The path of the next bodiless request's line, or null at the end of the stream. */
        private static String path(InputStream in) throws IOException {
            String head = RawClient.messageHead(in);
            return head == null ? null : head.split(" ", 3)[1];
        }

        @Override
        public void close() throws IOException {
            gate.countDown();
            server.close();
        }
    }
}
