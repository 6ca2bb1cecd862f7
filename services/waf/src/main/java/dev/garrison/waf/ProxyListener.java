package dev.garrison.waf;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.ConnectionBase;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One listener of a load balancer: routes each request to a target group, has the load
 * balancer's web ACL decide on it (reading at most the inspection limit of the body first), and
 * forwards what is allowed with one framing, streaming the rest of the body both ways with
 * backpressure.
 */
final class ProxyListener {
    // names looked up and set on every request, made once: an optimized name keeps its hash
    private static final CharSequence CONTENT_LENGTH = HttpHeaders.CONTENT_LENGTH;
    private static final CharSequence HOST = HttpHeaders.HOST;
    private static final CharSequence X_FORWARDED_FOR = HttpHeaders.createOptimized("x-forwarded-for");
    private static final CharSequence X_FORWARDED_PROTO = HttpHeaders.createOptimized("x-forwarded-proto");
    private static final CharSequence X_FORWARDED_PORT = HttpHeaders.createOptimized("x-forwarded-port");
    private static final CharSequence X_AMZN_TRACE_ID = HttpHeaders.createOptimized("x-amzn-trace-id");

    /** Answers no longer than this are read whole before they are relayed; longer ones stream. */
    private static final int BUFFERED_ANSWER_BYTES = 16 * 1024;

    private final LoadBalancer balancer;
    private final LoadBalancerSpec.Listener spec;
    private final HttpClient upstream;
    private final Enforcement enforcement;
    private final ProxySettings settings;
    private final TrafficRecorder recorder;
    private final TokenEndpoint tokens;
    private final Clock clock;
    /** The listener's protocol as {@code X-Forwarded-Proto} gives it. */
    private final String protocol;
    /**
     * Connections that asked to switch to WebSocket: their next bytes are not HTTP (the framing
     * guard passes them unread), so no further request on them is served. One listener instance
     * runs on one event loop, so a plain set will do.
     */
    private final Set<HttpConnection> switching = new HashSet<>();

    ProxyListener(LoadBalancer balancer, LoadBalancerSpec.Listener spec, HttpClient upstream, Enforcement enforcement,
            ProxySettings settings, TrafficRecorder recorder, TokenEndpoint tokens, Clock clock) {
        this.balancer = balancer;
        this.tokens = tokens;
        this.recorder = recorder;
        this.spec = spec;
        this.upstream = upstream;
        this.enforcement = enforcement;
        this.settings = settings;
        this.clock = clock;
        this.protocol = spec.protocol().toLowerCase(Locale.ROOT);
    }

    /** Forgets a connection that has closed. */
    void closed(HttpConnection connection) {
        switching.remove(connection);
    }

    void handle(HttpServerRequest request) {
        if (switching.contains(request.connection())) {
            request.connection().close();
            return;
        }
        request.pause();
        TargetPool pool = balancer.route(() -> request.authority() == null ? null : request.authority().host(), request.path());
        Enforcement.Current current = enforcement.forLoadBalancer(balancer.arn);
        if (current.broken() || current.plan() == null) {
            if (current.broken() && !settings.failOpen()) {
                answer(request, 503, "Service Unavailable: the web ACL could not be evaluated.", true);
                return;
            }
            forward(request, pool, Buffer.buffer(), !hasBody(request), List.of(), TraceIds.next(clock.instant()));
            return;
        }
        WebAclPlan plan = current.plan();
        if (request.path().startsWith(Interstitials.PREFIX)) {
            tokens.handle(request, plan);
            return;
        }
        if (!hasBody(request)) {
            decide(request, pool, plan, Buffer.buffer(), true);
            return;
        }
        Buffer prefix = Buffer.buffer();
        boolean[] decided = {false};
        request.handler(chunk -> {
            prefix.appendBuffer(chunk);
            if (prefix.length() >= settings.bodyInspectionBytes() && !decided[0]) {
                decided[0] = true;
                request.pause();
                decide(request, pool, plan, prefix, false);
            }
        });
        request.endHandler(v -> {
            if (!decided[0]) {
                decided[0] = true;
                decide(request, pool, plan, prefix, true);
            }
        });
        request.exceptionHandler(e -> request.connection().close());
        request.resume();
    }

    private void decide(HttpServerRequest request, TargetPool pool, WebAclPlan plan, Buffer prefix, boolean ended) {
        Verdict verdict;
        Instant now = clock.instant();
        String traceId = TraceIds.next(now);
        try {
            WebRequest inspected = webRequest(request, prefix, ended);
            verdict = plan.evaluate(inspected, now);
            recorder.record(new Traffic(now, traceId, balancer.logSource, plan, inspected, httpVersion(request), verdict,
                    verdict.allowed() ? null : verdict.status()));
        } catch (RuntimeException e) {
            if (!settings.failOpen()) {
                answer(request, 503, "Service Unavailable: the web ACL could not be evaluated.", true);
                return;
            }
            forward(request, pool, prefix, ended, List.of(), traceId);
            return;
        }
        if (!verdict.allowed()) {
            if (ended && !request.isEnded()) {
                request.resume(); // an HTTP/1 request without a body: let its end arrive (an HTTP/2 one has ended)
            }
            if (verdict.kind() == ActionPlan.Kind.BLOCK) {
                block(request, verdict.response(), !ended);
            } else {
                tokens.interstitial(request, verdict, plan, !ended);
            }
            return;
        }
        forward(request, pool, prefix, ended, verdict.insertHeaders(), traceId);
    }

    private static String httpVersion(HttpServerRequest request) {
        return switch (request.version()) {
            case HTTP_1_0 -> "HTTP/1.0";
            case HTTP_2 -> "HTTP/2.0";
            default -> "HTTP/1.1";
        };
    }

    private WebRequest webRequest(HttpServerRequest request, Buffer prefix, boolean ended) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(request.headers().size());
        request.headers().forEach(h -> headers.add(Map.entry(h.getKey(), h.getValue())));
        String uri = request.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? "" : uri.substring(q + 1);
        int limit = settings.bodyInspectionBytes();
        byte[] body = prefix.length() <= limit ? prefix.getBytes() : prefix.getBytes(0, limit);
        long length = ended ? prefix.length() : declaredLength(request);
        String ip = request.remoteAddress().hostAddress();
        byte[] address = Cidr.literal(ip);
        return new WebRequest(request.method().name(), latin1(path), latin1(query), headers, body, length, limit,
                address == null ? new byte[4] : address, ip, TokenEndpoint.host(request), fingerprint(request));
    }

    /** What the TLS handler learnt of the client's hello; Vert.x's internal connection class leads to the channel. */
    private static @Nullable TlsFingerprint fingerprint(HttpServerRequest request) {
        return request.isSSL() && request.connection() instanceof ConnectionBase base
                ? base.channel().attr(FingerprintingSslHandler.FINGERPRINT).get() : null;
    }

    /** Vert.x decodes the request line as UTF-8; the engine inspects its bytes. */
    private static String latin1(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7f) {
                return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            }
        }
        return text;
    }

    private void forward(HttpServerRequest request, TargetPool pool, Buffer prefix, boolean ended,
            List<Map.Entry<String, String>> inserted, String traceId) {
        URI target = pool.next();
        RequestOptions options = new RequestOptions().setMethod(request.method()).setHost(target.getHost())
                .setPort(port(target)).setSsl("https".equals(target.getScheme())).setURI(request.uri());
        String length = request.headers().get(CONTENT_LENGTH);
        if (upgrade(request)) {
            HttpConnection connection = request.connection();
            switching.add(connection);
            MultiMap headers = MultiMap.caseInsensitiveMultiMap();
            forwardedHeaders(request, headers, inserted, traceId, length);
            headers.set("connection", "Upgrade");
            headers.set("upgrade", request.headers().get("upgrade"));
            tunnel(request, options.setHeaders(headers));
            return;
        }
        long sent = System.nanoTime();
        // the headers go straight onto the request: handed over in its options, they would be copied there
        upstream.request(options).onComplete(created -> {
            if (created.failed()) {
                unreachable(request, created.cause());
                return;
            }
            HttpClientRequest outgoing = created.result();
            forwardedHeaders(request, outgoing.headers(), inserted, traceId, length);
            if (length == null && hasBody(request)) {
                outgoing.setChunked(true);
            }
            outgoing.response().onComplete(answered -> {
                if (answered.succeeded()) {
                    relay(request, answered.result());
                } else {
                    noAnswer(request, sent);
                }
            });
            if (ended) {
                if (prefix.length() == 0) {
                    outgoing.end();
                } else {
                    outgoing.end(prefix);
                }
                if (!request.isEnded()) {
                    request.resume();
                }
            } else {
                if (prefix.length() > 0) {
                    outgoing.write(prefix);
                }
                request.pipeTo(outgoing).onFailure(e -> request.connection().close());
            }
        });
    }

    /**
     * The headers a request is forwarded with: the client's end-to-end ones, {@code Host}, the
     * {@code X-Forwarded-*} trio, the web ACL's inserted ones, the trace id and the body's length.
     */
    private void forwardedHeaders(HttpServerRequest request, MultiMap headers, List<Map.Entry<String, String>> inserted,
            String traceId, @Nullable String length) {
        HopByHop hops = HopByHop.of(request.headers());
        request.headers().forEach(h -> {
            String name = h.getKey();
            if (!hops.drops(name) && !name.regionMatches(true, 0, "x-forwarded-", 0, 12)) {
                headers.add(name, h.getValue());
            }
        });
        if (!headers.contains(HOST) && request.authority() != null) {
            headers.set(HOST, request.authority().toString());
        }
        String forwardedFor = request.headers().get(X_FORWARDED_FOR);
        String client = request.remoteAddress().hostAddress();
        headers.set(X_FORWARDED_FOR, forwardedFor == null ? client : forwardedFor + ", " + client);
        headers.set(X_FORWARDED_PROTO, protocol);
        headers.set(X_FORWARDED_PORT, Integer.toString(request.localAddress().port()));
        inserted.forEach(h -> headers.set(h.getKey(), h.getValue()));
        String trace = request.headers().get(X_AMZN_TRACE_ID);
        headers.set(X_AMZN_TRACE_ID, trace == null ? "Root=" + traceId : "Self=" + traceId + ";" + trace);
        if (length != null) {
            headers.set(CONTENT_LENGTH, length.strip());
        }
    }

    /**
     * Whether the request is a WebSocket handshake: an HTTP/1.1 GET with {@code Upgrade: websocket}
     * and {@code Connection: upgrade}. Other upgrade offers (h2c) are dropped as hop-by-hop headers.
     */
    private static boolean upgrade(HttpServerRequest request) {
        return request.version() == io.vertx.core.http.HttpVersion.HTTP_1_1 && request.method() == io.vertx.core.http.HttpMethod.GET
                && "websocket".equalsIgnoreCase(request.headers().get("upgrade"))
                && HopByHop.of(request.headers()).lists("upgrade");
    }

    /**
     * Passes a protocol switch through: the handshake goes upstream; if the target switches (101),
     * the client gets its answer and from then on the two connections are joined byte for byte,
     * with backpressure both ways; any other answer is relayed as usual.
     */
    private void tunnel(HttpServerRequest request, RequestOptions options) {
        upstream.request(options).compose(outgoing -> outgoing.connect()).onSuccess(response -> {
            if (response.statusCode() != 101) {
                // the connection's framing guard has stopped reading it as HTTP: it ends with this answer
                if (request.version() != io.vertx.core.http.HttpVersion.HTTP_2) {
                    request.response().putHeader("connection", "close");
                    request.response().endHandler(v -> request.connection().close());
                }
                relay(request, response);
                return;
            }
            HttpServerResponse out = request.response().setStatusCode(101);
            response.headers().forEach(h -> out.headers().add(h.getKey(), h.getValue()));
            NetSocket target = response.netSocket();
            request.toNetSocket().onSuccess(client -> {
                client.pipeTo(target);
                target.pipeTo(client);
            }).onFailure(e -> target.close());
        }).onFailure(e -> unreachable(request, e));
    }

    private static void relay(HttpServerRequest request, HttpClientResponse response) {
        HttpServerResponse out = request.response();
        if (out.closed()) {
            abandon(response);
            return;
        }
        out.setStatusCode(response.statusCode());
        String reason = response.statusMessage();
        if (reason != null && !reason.equals(HttpResponseStatus.valueOf(response.statusCode()).reasonPhrase())) {
            out.setStatusMessage(reason); // a standard one comes with the code, without a status made for it
        }
        HopByHop hops = HopByHop.of(response.headers());
        response.headers().forEach(h -> {
            if (!hops.drops(h.getKey())) {
                out.headers().add(h.getKey(), h.getValue());
            }
        });
        String length = response.headers().get(CONTENT_LENGTH);
        if (length != null) {
            out.putHeader(CONTENT_LENGTH, length);
            if (small(length)) {
                // one read and one write instead of a pipe's per chunk, holding 16 KB at most
                response.body().onSuccess(body -> {
                    if (!out.closed()) {
                        out.end(body);
                    }
                }).onFailure(e -> {
                    out.headers().clear();
                    badGateway(request);
                });
                return;
            }
        } else if (request.version() != io.vertx.core.http.HttpVersion.HTTP_1_0) {
            out.setChunked(true);
        }
        // a failed write (the client went away) must not end the response: chunks already read from
        // upstream would then be written to an ended response
        Future<Void> piped = response.pipe().endOnFailure(false).to(out).onFailure(e -> {
            abandon(response);
            request.connection().close();
        });
        out.closeHandler(v -> {
            if (!piped.isComplete()) {
                response.request().reset(); // the pipe hears of it and fails
            }
        });
    }

    /** Whether a declared body length is at most {@link #BUFFERED_ANSWER_BYTES}. */
    private static boolean small(String length) {
        try {
            long bytes = Long.parseLong(length.strip());
            return bytes >= 0 && bytes <= BUFFERED_ANSWER_BYTES;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Stops reading an upstream answer nobody will receive; the reset's failure of it is expected. */
    private static void abandon(HttpClientResponse response) {
        response.exceptionHandler(reset -> { });
        response.request().reset();
    }

    private void block(HttpServerRequest request, BlockResponse response, boolean unreadBody) {
        HttpServerResponse out = request.response();
        out.setStatusCode(response.status());
        response.headers().forEach(h -> out.putHeader(h.getKey(), h.getValue()));
        String body = response.body() == null ? "" : response.body();
        out.putHeader("content-type", response.contentType());
        boolean close = unreadBody && request.version() != io.vertx.core.http.HttpVersion.HTTP_2;
        if (close) {
            out.putHeader("connection", "close");
        }
        out.end(Buffer.buffer(body.getBytes(StandardCharsets.UTF_8))).onComplete(x -> {
            if (close) {
                request.connection().close();
            }
        });
    }

    /**
     * No connection to the target could be had. As on an ALB, a target that did not accept one
     * within the connect timeout is a 504; one that refused it is a 502.
     */
    private static void unreachable(HttpServerRequest request, Throwable failure) {
        if (failure instanceof io.netty.channel.ConnectTimeoutException && !request.response().headWritten()) {
            answer(request, 504, "Gateway Timeout: the target did not accept a connection within the connect timeout.", true);
        } else {
            badGateway(request);
        }
    }

    private static void badGateway(HttpServerRequest request) {
        if (!request.response().headWritten()) {
            answer(request, 502, "Bad Gateway: the target did not answer.", true);
        } else {
            request.connection().close();
        }
    }

    /**
     * A request sent to a target got no answer. As on an ALB, a target silent for the idle timeout
     * is a 504 and any other failure (refused, reset, closed early) a 502. The pooled connection's
     * idle timeout ends a silent exchange by closing it, as a target closing would: the time since
     * the request went out tells them apart, since only silence can last that long.
     */
    private void noAnswer(HttpServerRequest request, long sent) {
        if (!request.response().headWritten()
                && System.nanoTime() - sent >= java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(settings.upstreamTimeoutMillis())) {
            answer(request, 504, "Gateway Timeout: the target did not answer within the idle timeout.", true);
        } else {
            badGateway(request);
        }
    }

    private static void answer(HttpServerRequest request, int status, String text, boolean close) {
        HttpServerResponse out = request.response();
        if (out.ended() || out.closed()) {
            return;
        }
        boolean http1 = request.version() != io.vertx.core.http.HttpVersion.HTTP_2;
        out.setStatusCode(status).putHeader("content-type", "text/plain; charset=utf-8");
        if (close && http1) {
            out.putHeader("connection", "close");
        }
        out.end(text).onComplete(x -> {
            if (close && http1) {
                request.connection().close();
            }
        });
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.headers().get(CONTENT_LENGTH);
        if (length != null) {
            return !length.strip().equals("0");
        }
        return request.headers().contains("transfer-encoding") || request.version() == io.vertx.core.http.HttpVersion.HTTP_2
                && !request.isEnded();
    }

    private static long declaredLength(HttpServerRequest request) {
        String length = request.headers().get(CONTENT_LENGTH);
        return length == null ? -1 : Long.parseLong(length.strip());
    }

    static int port(URI target) {
        return target.getPort() > 0 ? target.getPort() : "https".equals(target.getScheme()) ? 443 : 80;
    }
}
