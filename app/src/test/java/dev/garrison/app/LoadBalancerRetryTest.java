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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A target closes a kept-alive connection when it has idled for the target's own timeout, and a
 * request the proxy sends on it at that moment crosses the close. The target here answers the
 * first request on each connection and hangs up on the second, as if its timeout had just struck;
 * it is named by host name, as operators often name targets.
 */
class LoadBalancerRetryTest {
    /** One request as the target read it: on which of its connections, and what. */
    record Seen(int connection, String method, String path, String body) {}

    @Test
    void anIdempotentRequestThatCrossesATargetsCloseIsSentAgainOnANewConnectionOthersAre502() throws Exception {
        try (HangsUpOnSecondRequest target = new HangsUpOnSecondRequest();
                ProtectedApp app = ProtectedApp.start("retry", Clock.systemUTC(), Map.of(), "http://localhost:" + target.port())) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            assertThat(send(client, app, "GET", "/first", null).statusCode()).isEqualTo(200);
            HttpResponse<String> again = send(client, app, "GET", "/crossed", null);
            assertThat(again.statusCode()).as("the GET crossed the close and was sent again").isEqualTo(200);
            List<Seen> crossed = target.seen("/crossed");
            assertThat(crossed).hasSize(2);
            assertThat(crossed.get(1).connection()).isNotEqualTo(crossed.get(0).connection());
            assertThat(again.body()).isEqualTo("GET /crossed on connection " + crossed.get(1).connection());

            HttpResponse<String> post = send(client, app, "POST", "/order", "one order");
            assertThat(post.statusCode()).as("a POST may have been acted on: not sent again").isEqualTo(502);
            assertThat(target.seen("/order")).hasSize(1);

            assertThat(send(client, app, "GET", "/third", null).statusCode()).isEqualTo(200);
            HttpResponse<String> put = send(client, app, "PUT", "/document", "the whole document");
            assertThat(put.statusCode()).as("a PUT is idempotent: sent again with its body").isEqualTo(200);
            List<Seen> document = target.seen("/document");
            assertThat(document).extracting(Seen::body).containsExactly("the whole document", "the whole document");
            assertThat(document.get(1).connection()).isNotEqualTo(document.get(0).connection());
        }
    }

    @Test
    void aRequestIsSentAgainOnlyOnce() throws Exception {
        try (HangsUpOnSecondRequest target = new HangsUpOnSecondRequest();
                ProtectedApp app = ProtectedApp.start("retry-once", Clock.systemUTC(), Map.of(), "http://localhost:" + target.port())) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            assertThat(send(client, app, "GET", "/warm", null).statusCode()).isEqualTo(200);
            target.hangUpOnFirst.set(true);
            assertThat(send(client, app, "GET", "/doomed", null).statusCode()).as("a new connection that fails too is the end")
                    .isEqualTo(502);
            assertThat(target.seen("/doomed")).as("once on the kept-alive connection, once on a new one").hasSize(2);
        }
    }

    private static HttpResponse<String> send(HttpClient client, ProtectedApp app, String method, String path, String body)
            throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(app.proxy + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A target on raw sockets: each connection's first request is answered and kept alive, its
     * second read and then the connection closed without an answer ({@code hangUpOnFirst}: the
     * first too). Health checks come on their own connections or on these.
     */
    static final class HangsUpOnSecondRequest implements AutoCloseable {
        final List<Seen> seen = new CopyOnWriteArrayList<>();
        final AtomicBoolean hangUpOnFirst = new AtomicBoolean();
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("localhost"));
        private final AtomicInteger connections = new AtomicInteger();

        HangsUpOnSecondRequest() throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        int number = connections.incrementAndGet();
                        Thread.ofVirtual().start(() -> serve(socket, number));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        /** The requests for {@code path} as read, in order. */
        List<Seen> seen(String path) {
            return seen.stream().filter(seen -> seen.path().equals(path)).toList();
        }

        private void serve(Socket socket, int number) {
            try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
                for (int request = 1; ; request++) {
                    Seen read = read(in, number);
                    if (read == null) {
                        return;
                    }
                    seen.add(read);
                    if (request == 2 || hangUpOnFirst.get()) {
                        return; // the connection closes with the request unanswered
                    }
                    byte[] body = (read.method() + " " + read.path() + " on connection " + number).getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                }
            } catch (IOException e) {
                // the proxy closed the connection
            }
        }

        /** One request with a Content-Length body (or none), or null at the end of the stream. */
        private static Seen read(InputStream in, int connection) throws IOException {
            String head = RawClient.messageHead(in);
            if (head == null) {
                return null;
            }
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            int length = 0;
            for (String line : lines) {
                if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                    length = Integer.parseInt(line.substring(15).strip());
                }
            }
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return new Seen(connection, requestLine[0], requestLine[1], body);
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
