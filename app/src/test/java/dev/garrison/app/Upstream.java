package dev.garrison.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server standing in for the user's application behind a load balancer: it answers
 * every request with the body it received and records what reached it.
 */
final class Upstream implements AutoCloseable {
    /** One request as the upstream received it. */
    record Received(String method, String uri, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().getFirst())
                    .findFirst().orElse(null);
        }
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    /** Counts down when an endless answer ({@code /endless}) fails because nobody reads it any more. */
    final CountDownLatch endlessAbandoned = new CountDownLatch(1);
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private final HttpServer server;

    Upstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::answer);
        server.createContext("/endless", this::endless);
        server.createContext("/silent", this::silent);
        server.createContext("/hangup", this::hangUp);
        server.createContext("/slow", this::slow);
        server.createContext("/big-head", this::bigHead);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Makes requests to {@code path} answer {@code status} from now on (health checks, failures). */
    void answer(String path, int status) {
        statuses.put(path, status);
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                Map.copyOf(exchange.getRequestHeaders()), body));
        int status = statuses.getOrDefault(exchange.getRequestURI().getPath(), 200);
        exchange.getResponseHeaders().add("X-Upstream", "yes");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private void endless(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 0);
        byte[] chunk = new byte[8192];
        try (OutputStream out = exchange.getResponseBody()) {
            while (true) {
                out.write(chunk);
                out.flush();
                Thread.sleep(5);
            }
        } catch (IOException e) {
            endlessAbandoned.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Answers with a header {@code X-Big} as many bytes long as the query asks ({@code /big-head?20000}). */
    private void bigHead(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("X-Big", "b".repeat(Integer.parseInt(exchange.getRequestURI().getQuery())));
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    /** Reads the request and never answers: a target that hangs. */
    private void silent(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        try {
            Thread.sleep(java.time.Duration.ofMinutes(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.close();
    }

    /** Records the request and answers {@code slow} after a second: an exchange still in flight when asked to stop. */
    private void slow(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                Map.copyOf(exchange.getRequestHeaders()), new byte[0]));
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] body = "slow".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** Reads the request and drops the connection without answering: a target that fails at once. */
    private void hangUp(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
