package dev.garrison.platform.server;

import dev.garrison.platform.protocol.ApiRequest;
import dev.garrison.platform.protocol.ApiResponse;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API listener. The event loop only reads bodies (bounded in size and time) and writes
 * answers; every request is served on a virtual thread. {@code GET /_garrison/health} and
 * {@code GET /metrics} are answered beside the AWS API.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    /** The listener's limits; a body not complete within {@code bodyTimeoutSeconds} is answered 408. */
    public record Limits(long maxBodyBytes, int maxHeaderBytes, int idleTimeoutSeconds, int bodyTimeoutSeconds) {}

    private static final int EVENT_LOOPS = Runtime.getRuntime().availableProcessors();
    private final Vertx vertx;
    private final RequestPipeline pipeline;
    private final ApiMetrics metrics;
    private final BooleanSupplier storageReady;
    private final Limits limits;
    /** Named, so a log line's thread is readable and logging does not look the id up by reflection per event. */
    private final ExecutorService workers =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("garrison-api-", 0).factory());
    private final AtomicInteger inFlight = new AtomicInteger();
    /** One server per event loop, sharing the listening socket: a single server would serve every connection on one loop. */
    private final List<HttpServer> servers = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ApiServer(RequestPipeline pipeline, ApiMetrics metrics, BooleanSupplier storageReady, Limits limits) {
        this.vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(EVENT_LOOPS));
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.storageReady = storageReady;
        this.limits = limits;
    }

    /** A PEM certificate (chain) and private key the API serves HTTPS with. */
    public record Tls(Path certificate, Path key) {}

    /** Starts listening, over HTTPS when {@code tls} is given; returns the bound port (useful with port 0). */
    public int start(String host, int port, @Nullable Tls tls) throws Exception {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                // Vert.x shares a socket among servers asking for the same port; "any port" is then a negative one
                .setPort(port == 0 ? -1 : port)
                .setMaxHeaderSize(limits.maxHeaderBytes())
                .setMaxInitialLineLength(16 * 1024)
                .setIdleTimeout(limits.idleTimeoutSeconds())
                .setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setDecompressionSupported(false)
                // as AWS endpoints do, answer an h2c upgrade offer (the JDK's HttpClient makes one) in HTTP/1.1:
                // a request upgraded mid-flight reaches the SigV4 verifier without the Host header it signed
                .setHttp2ClearTextEnabled(false);
        if (tls != null) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certificate().toString())
                    .setKeyPath(tls.key().toString()));
        }
        servers.addAll(EventLoops.startOnEach(vertx, () -> vertx.createHttpServer(options).requestHandler(this::accept).listen(),
                Duration.ofSeconds(30)));
        if (servers.stream().mapToInt(HttpServer::actualPort).distinct().count() != 1) {
            throw new IllegalStateException("the API listener's event loops bound different sockets");
        }
        return servers.getFirst().actualPort();
    }

    private void accept(HttpServerRequest request) {
        if (request.method().name().equals("GET") && request.path().equals("/_garrison/health")) {
            health(request);
            return;
        }
        if (request.method().name().equals("GET") && request.path().equals("/metrics")) {
            request.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape());
            return;
        }
        String length = request.getHeader("content-length");
        if (request.headers().getAll("content-length").size() > 1) {
            reject(request, 400, "Bad Request: more than one Content-Length header.");
            return;
        }
        try {
            if (length != null && Long.parseLong(length.strip()) > limits.maxBodyBytes()) {
                tooLarge(request);
                return;
            }
        } catch (NumberFormatException e) {
            reject(request, 400, "Bad Request: Content-Length is not a number.");
            return;
        }
        Context context = vertx.getOrCreateContext();
        Buffer body = Buffer.buffer();
        long timer = vertx.setTimer(TimeUnit.SECONDS.toMillis(limits.bodyTimeoutSeconds()), id -> reject(request, 408, "Request Timeout: the body did not arrive in time."));
        request.handler(chunk -> {
            if (body.length() + chunk.length() > limits.maxBodyBytes()) {
                vertx.cancelTimer(timer);
                tooLarge(request);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> vertx.cancelTimer(timer));
        request.endHandler(v -> {
            vertx.cancelTimer(timer);
            if (request.response().ended()) {
                return;
            }
            ApiRequest apiRequest = toApiRequest(request, body.getBytes());
            inFlight.incrementAndGet();
            workers.execute(() -> {
                try {
                    ApiResponse response = pipeline.handle(apiRequest);
                    context.runOnContext(x -> write(request.response(), response));
                } finally {
                    inFlight.decrementAndGet();
                }
            });
        });
    }

    private static ApiRequest toApiRequest(HttpServerRequest request, byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.headers().forEach(e -> headers.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                .add(e.getValue()));
        String uri = request.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? "" : uri.substring(q + 1);
        String ip = request.remoteAddress() == null ? "127.0.0.1" : request.remoteAddress().hostAddress();
        return new ApiRequest(request.method().name(), path, query, headers, body, ip, request.isSSL());
    }

    private static void write(HttpServerResponse response, ApiResponse answer) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(answer.status());
        answer.headers().forEach(response::putHeader);
        response.end(Buffer.buffer(answer.body()));
    }

    /** Answered on the connection's own event loop: a worker thread's Vert.x context would be a new one, on any loop. */
    private void health(HttpServerRequest request) {
        Context context = vertx.getOrCreateContext();
        workers.execute(() -> {
            boolean ready = storageReady.getAsBoolean();
            String body = "{\"status\":\"" + (ready ? "ok" : "unavailable") + "\",\"storage\":\"" + (ready ? "ready" : "unreachable") + "\"}";
            context.runOnContext(v -> request.response().setStatusCode(ready ? 200 : 503)
                    .putHeader("Content-Type", "application/json").end(body));
        });
    }

    private void tooLarge(HttpServerRequest request) {
        reject(request, 413, "{\"__type\":\"RequestEntityTooLargeException\",\"message\":\"Request entity too large: the limit is "
                + limits.maxBodyBytes() + " bytes.\"}");
    }

    private static void reject(HttpServerRequest request, int status, String body) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", body.startsWith("{") ? "application/json" : "text/plain")
                .putHeader("Connection", "close");
        if (status == 413) {
            response.putHeader("x-amzn-ErrorType", "RequestEntityTooLargeException");
        }
        response.end(Buffer.buffer(body.getBytes(StandardCharsets.UTF_8))).onComplete(x -> request.connection().close());
    }

    /** Stops accepting, lets in-flight requests finish (up to 30 s), then closes. */
    @Override
    public void close() {
        try {
            Future.all(servers.stream().map(server -> server.shutdown(30, TimeUnit.SECONDS)).toList())
                    .toCompletionStage().toCompletableFuture().get(35, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            workers.shutdown();
            workers.awaitTermination(5, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("shutdown of the API listener did not complete cleanly: {}", e.toString());
        }
    }
}
