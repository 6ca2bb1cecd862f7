package dev.garrison.waf;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One listener of a load balancer: routes each request to a target group, has the load
 * balancer's web ACL decide on it (reading at most the inspection limit of the body first), and
 * forwards what is allowed with one framing.
 */
final class ProxyListener {
    // names set on every forwarded request, made once: an AsciiString keeps its hash
    private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    private static final AsciiString X_FORWARDED_PORT = AsciiString.cached("x-forwarded-port");
    private static final AsciiString X_AMZN_TRACE_ID = AsciiString.cached("x-amzn-trace-id");
    /** As on an ALB: a request whose X-Forwarded-For lists more addresses is answered 463 and not forwarded. */
    private static final int MAX_FORWARDED = 30;
    private static final HttpResponseStatus TOO_MANY_FORWARDED = HttpResponseStatus.valueOf(463);
    private static final String UNEVALUATED = "Service Unavailable: the web ACL could not be evaluated.";

    private final LoadBalancer balancer;
    private final Upstreams upstreams;
    private final Enforcement enforcement;
    private final ProxySettings settings;
    private final TrafficRecorder recorder;
    private final TokenEndpoint tokens;
    private final Clock clock;
    /** The listener's protocol as {@code X-Forwarded-Proto} gives it. */
    private final String protocol;

    ProxyListener(LoadBalancer balancer, LoadBalancerSpec.Listener spec, Upstreams upstreams, Enforcement enforcement,
            ProxySettings settings, TrafficRecorder recorder, TokenEndpoint tokens, Clock clock) {
        this.balancer = balancer;
        this.tokens = tokens;
        this.recorder = recorder;
        this.upstreams = upstreams;
        this.enforcement = enforcement;
        this.settings = settings;
        this.clock = clock;
        this.protocol = spec.protocol().toLowerCase(Locale.ROOT);
    }

    void handle(Exchange exchange) {
        if (exchange.head.method().equals(HttpMethod.TRACE)) {
            // as an ALB: a TRACE would echo the request's headers (cookies, and what the proxy adds) to whoever sent it
            exchange.respond(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method Not Allowed: TRACE is not supported.", false);
            return;
        }
        if (forwardedTooOften(exchange.head.headers())) {
            exchange.respond(TOO_MANY_FORWARDED, "X-Forwarded-For lists more than " + MAX_FORWARDED + " addresses.", false);
            return;
        }
        TargetPool pool = balancer.route(exchange::host, exchange.path());
        Enforcement.Current current = enforcement.forLoadBalancer(balancer.arn);
        if (current.broken() || current.plan() == null) {
            if (current.broken() && !settings.failOpen()) {
                exchange.respond(HttpResponseStatus.SERVICE_UNAVAILABLE, UNEVALUATED, true);
                return;
            }
            forward(exchange, pool, List.of(), TraceIds.next(clock.instant()));
            return;
        }
        WebAclPlan plan = current.plan();
        if (exchange.path().startsWith(Interstitials.PREFIX)) {
            tokens.handle(exchange, plan);
            return;
        }
        exchange.hold(settings.bodyInspectionBytes(), () -> decide(exchange, pool, plan));
    }

    private void decide(Exchange exchange, TargetPool pool, WebAclPlan plan) {
        Verdict verdict;
        Instant now = clock.instant();
        String traceId = TraceIds.next(now);
        try {
            long started = System.nanoTime();
            WebRequest inspected = webRequest(exchange);
            verdict = plan.evaluate(inspected, now);
            recorder.record(new Traffic(now, traceId, balancer.logSource, plan, inspected, httpVersion(exchange), verdict,
                    verdict.allowed() ? null : verdict.status(), System.nanoTime() - started));
        } catch (RuntimeException e) {
            if (!settings.failOpen()) {
                exchange.respond(HttpResponseStatus.SERVICE_UNAVAILABLE, UNEVALUATED, true);
                return;
            }
            forward(exchange, pool, List.of(), traceId);
            return;
        }
        if (verdict.allowed()) {
            forward(exchange, pool, verdict.insertHeaders(), traceId);
        } else if (verdict.kind() == ActionPlan.Kind.BLOCK) {
            block(exchange, verdict.response());
        } else {
            tokens.interstitial(exchange, verdict, plan);
        }
    }

    private static String httpVersion(Exchange exchange) {
        return exchange.http2() ? "HTTP/2.0" : exchange.head.protocolVersion().text();
    }

    private WebRequest webRequest(Exchange exchange) {
        HttpHeaders received = exchange.head.headers();
        List<Map.Entry<String, String>> headers = new ArrayList<>(received.size());
        for (Iterator<Map.Entry<String, String>> i = received.iteratorAsString(); i.hasNext();) {
            headers.add(i.next());
        }
        int limit = settings.bodyInspectionBytes();
        String body = exchange.heldText(limit);
        long length = exchange.bodyComplete() ? exchange.heldBytes() : exchange.declaredLength();
        return new WebRequest(exchange.head.method().name(), exchange.path(), exchange.query(), headers, body, length, limit,
                exchange.connection.clientAddress(), exchange.connection.clientIp(), exchange.host(), fingerprint(exchange));
    }

    /** What the TLS handler learnt of the client's hello. */
    private static @Nullable TlsFingerprint fingerprint(Exchange exchange) {
        return exchange.connection.connection().attr(FingerprintingSslHandler.FINGERPRINT).get();
    }

    private void forward(Exchange exchange, TargetPool pool, List<Map.Entry<String, String>> inserted, String traceId) {
        URI target = pool.next();
        String uri = exchange.wireUri();
        if (uri == null) {
            exchange.respond(HttpResponseStatus.BAD_REQUEST, "Bad Request: a request target that is not ASCII nor UTF-8.", true);
            return;
        }
        String upgrade = exchange.upgrade() ? exchange.head.headers().get(HttpHeaderNames.UPGRADE) : null;
        HttpHeaders headers = forwardedHeaders(exchange, inserted, traceId);
        if (!headers.contains(HttpHeaderNames.HOST)) {
            // an HTTP/1.0 request may name no host, an HTTP/1.1 one must: it goes to the target named as the target
            headers.set(HttpHeaderNames.HOST, target.getHost() + ":" + Upstreams.port(target));
        }
        if (upgrade != null) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            headers.set(HttpHeaderNames.UPGRADE, upgrade);
        }
        exchange.forward(upstreams, target, pool.spec.maxConnectionsPerTarget(),
                new DefaultHttpRequest(HttpVersion.HTTP_1_1, exchange.head.method(), uri, headers));
    }

    /**
     * The headers a request is forwarded with: the client's end-to-end ones, {@code Host}, the
     * {@code X-Forwarded-*} trio, the web ACL's inserted ones, the trace id, and the body's one
     * framing. They are the received headers, changed in place: the rules have read them already.
     */
    private HttpHeaders forwardedHeaders(Exchange exchange, List<Map.Entry<String, String>> inserted, String traceId) {
        HttpHeaders headers = exchange.head.headers();
        String forwardedFor = headers.get(X_FORWARDED_FOR);
        if (forwardedFor != null) {
            // a list given on several lines is one list (RFC 9110 5.3): the client is added to its end
            List<String> lines = headers.getAll(X_FORWARDED_FOR);
            forwardedFor = lines.size() == 1 ? forwardedFor : String.join(", ", lines);
        }
        String trace = headers.get(X_AMZN_TRACE_ID);
        String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        HopByHop.strip(headers, true);
        String client = exchange.connection.clientIp();
        headers.set(X_FORWARDED_FOR, forwardedFor == null ? client : forwardedFor + ", " + client);
        headers.set(X_FORWARDED_PROTO, protocol);
        headers.set(X_FORWARDED_PORT, exchange.connection.localPortText());
        inserted.forEach(h -> headers.set(h.getKey(), h.getValue()));
        headers.set(X_AMZN_TRACE_ID, TraceIds.forwarded(trace, traceId));
        if (length != null) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, length.strip());
        } else if (!exchange.bodiless) {
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        return headers;
    }

    /** Whether the request's X-Forwarded-For, on one line or several, lists more than {@link #MAX_FORWARDED} addresses. */
    private static boolean forwardedTooOften(HttpHeaders headers) {
        if (!headers.contains(X_FORWARDED_FOR)) {
            return false;
        }
        int addresses = 0;
        for (String line : headers.getAll(X_FORWARDED_FOR)) {
            addresses++;
            for (int i = line.indexOf(','); i >= 0; i = line.indexOf(',', i + 1)) {
                addresses++;
            }
        }
        return addresses > MAX_FORWARDED;
    }

    private static void block(Exchange exchange, BlockResponse response) {
        HttpHeaders headers = Exchange.HEADERS.newHeaders();
        response.headers().forEach(h -> headers.set(h.getKey(), h.getValue()));
        headers.set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        String body = response.body() == null ? "" : response.body();
        exchange.respond(HttpResponseStatus.valueOf(response.status()), headers, body.getBytes(StandardCharsets.UTF_8),
                !exchange.bodyComplete());
    }
}
