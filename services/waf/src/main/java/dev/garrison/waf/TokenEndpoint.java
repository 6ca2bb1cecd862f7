package dev.garrison.waf;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where clients earn the {@code aws-waf-token} cookie on a protected host: the answers of
 * CAPTCHA and Challenge actions (405 and 202 with {@code x-amzn-waf-action}, the interstitial page
 * when the client accepts HTML), and the paths under {@link Interstitials#PREFIX} that take a
 * solved challenge or puzzle and set the token.
 */
final class TokenEndpoint {
    /** How long a browser keeps the cookie; what it proves is bounded by the immunity times. */
    private static final long COOKIE_SECONDS = 4 * 24 * 3600;
    private static final int MAX_FORM_BYTES = 4096;

    private final TokenSigner signer;
    private final ProofOfWork work;
    private final CaptchaPuzzle puzzles;
    private final Clock clock;

    TokenEndpoint(TokenSigner signer, Clock clock) {
        this.signer = signer;
        this.work = new ProofOfWork(signer);
        this.puzzles = new CaptchaPuzzle(signer);
        this.clock = clock;
    }

    /**
     * Answers a request a CAPTCHA or Challenge rule stopped; {@code unreadBody} when the request's
     * body was not read to its end (the connection then closes after the answer).
     */
    void interstitial(Exchange exchange, Verdict verdict, WebAclPlan plan) {
        boolean captcha = verdict.kind() == ActionPlan.Kind.CAPTCHA;
        boolean unreadBody = !exchange.bodyComplete();
        HttpResponseStatus status = HttpResponseStatus.valueOf(verdict.status());
        HttpHeaders headers = Exchange.HEADERS.newHeaders().set("x-amzn-waf-action", captcha ? "captcha" : "challenge")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        String accept = exchange.head.headers().get(HttpHeaderNames.ACCEPT);
        if (accept == null || !accept.contains("text/html")) {
            exchange.respond(status, headers, new byte[0], unreadBody);
            return;
        }
        String domain = plan.tokens.issuingDomain(exchange.host());
        headers.set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        if (captcha) {
            puzzlePage(exchange, status, headers, domain, exchange.uri, false, unreadBody);
        } else {
            exchange.respond(status, headers, utf8(Interstitials.challenge(work.issue(domain, clock.instant()))), unreadBody);
        }
    }

    /** Draws a new puzzle on a virtual thread (a PNG takes a millisecond or two), then answers with its page on the event loop. */
    private void puzzlePage(Exchange exchange, HttpResponseStatus status, HttpHeaders headers, String domain, String back,
            boolean retry, boolean close) {
        Thread.ofVirtual().name("garrison-captcha").start(() -> {
            byte[] page;
            try {
                page = utf8(Interstitials.captcha(puzzles.issue(domain, clock.instant()), back, retry));
            } catch (RuntimeException e) {
                exchange.connection.connection().eventLoop().execute(() -> exchange.respond(
                        HttpResponseStatus.INTERNAL_SERVER_ERROR, Exchange.HEADERS.newHeaders(), new byte[0], true));
                return;
            }
            exchange.connection.connection().eventLoop().execute(() -> exchange.respond(status, headers, page, close));
        });
    }

    /**
     * Takes a request to a path under {@link Interstitials#PREFIX}: a solved challenge or puzzle,
     * posted as a form of at most {@value #MAX_FORM_BYTES} bytes with a Content-Length.
     */
    void handle(Exchange exchange, WebAclPlan plan) {
        String path = exchange.path();
        boolean challenge = path.equals(Interstitials.CHALLENGE_VERIFY);
        boolean known = challenge || path.equals(Interstitials.CAPTCHA_VERIFY);
        String length = exchange.head.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        boolean sized = length != null && length.matches("\\d{1,4}") && Integer.parseInt(length) <= MAX_FORM_BYTES;
        if (known && exchange.head.method() == HttpMethod.POST && sized) {
            exchange.hold(Integer.MAX_VALUE, () -> read(exchange, plan, challenge));
            return;
        }
        // what little body there is is read and dropped: the connection serves its next request
        boolean keep = sized || exchange.bodiless;
        if (!known || exchange.head.method() != HttpMethod.POST) {
            plain(exchange, HttpResponseStatus.NOT_FOUND, "Not Found", !keep);
        } else {
            plain(exchange, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "The form must have a Content-Length of at most " + MAX_FORM_BYTES + " bytes.", true);
        }
    }

    private void read(Exchange exchange, WebAclPlan plan, boolean challenge) {
        String body = new String(exchange.held(MAX_FORM_BYTES), StandardCharsets.UTF_8);
        Map<String, List<String>> form = new QueryStringDecoder(body, false).parameters();
        String domain = plan.tokens.issuingDomain(exchange.host());
        if (challenge) {
            solveChallenge(exchange, plan, form, domain);
        } else {
            solvePuzzle(exchange, plan, form, domain);
        }
    }

    private void solveChallenge(Exchange exchange, WebAclPlan plan, Map<String, List<String>> form, String domain) {
        Instant now = clock.instant();
        if (!work.solved(first(form, "challenge"), first(form, "nonce"), domain, now)) {
            plain(exchange, HttpResponseStatus.FORBIDDEN, "The challenge was not solved.", false);
            return;
        }
        WafToken held = held(exchange, plan);
        WafToken token = new WafToken(domain, now.getEpochSecond(), held == null ? 0 : held.captchaAt(),
                held == null ? TokenSigner.random(16) : held.id());
        HttpHeaders headers = Exchange.HEADERS.newHeaders().set(HttpHeaderNames.SET_COOKIE, cookie(exchange, token, domain));
        plain(exchange, headers, HttpResponseStatus.OK, "OK", false);
    }

    private void solvePuzzle(Exchange exchange, WebAclPlan plan, Map<String, List<String>> form, String domain) {
        Instant now = clock.instant();
        String back = first(form, "return");
        if (!back.startsWith("/") || back.startsWith("//") || back.contains("\\")) {
            back = "/";
        }
        if (!puzzles.answered(first(form, "puzzle"), first(form, "answer"), domain, now)) {
            HttpHeaders headers = Exchange.HEADERS.newHeaders().set("x-amzn-waf-action", "captcha")
                    .set(HttpHeaderNames.CACHE_CONTROL, "no-store").set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
            puzzlePage(exchange, HttpResponseStatus.METHOD_NOT_ALLOWED, headers, domain, back, true, false);
            return;
        }
        WafToken held = held(exchange, plan);
        WafToken token = new WafToken(domain, now.getEpochSecond(), now.getEpochSecond(),
                held == null ? TokenSigner.random(16) : held.id());
        HttpHeaders headers = Exchange.HEADERS.newHeaders().set(HttpHeaderNames.SET_COOKIE, cookie(exchange, token, domain))
                .set(HttpHeaderNames.LOCATION, back).set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        exchange.respond(HttpResponseStatus.SEE_OTHER, headers, new byte[0], false);
    }

    /** The request's own token when the web ACL accepts it, so a new one keeps its other solve and its id. */
    private static @Nullable WafToken held(Exchange exchange, WebAclPlan plan) {
        TokenState state = plan.tokens.read(WebRequest.cookies(exchange.head.headers().getAll(HttpHeaderNames.COOKIE)),
                exchange.host());
        return state.status() == TokenState.Status.PRESENT ? state.token() : null;
    }

    private String cookie(Exchange exchange, WafToken token, String domain) {
        StringBuilder cookie = new StringBuilder(WafToken.COOKIE).append('=').append(token.encode(signer))
                .append("; Path=/; Max-Age=").append(COOKIE_SECONDS).append("; SameSite=Lax");
        if (!domain.equals(exchange.host())) {
            cookie.append("; Domain=").append(domain);
        }
        if (exchange.connection.secure()) {
            cookie.append("; Secure");
        }
        return cookie.toString();
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? "" : values.getFirst();
    }

    private static void plain(Exchange exchange, HttpResponseStatus status, String text, boolean close) {
        plain(exchange, Exchange.HEADERS.newHeaders(), status, text, close);
    }

    private static void plain(Exchange exchange, HttpHeaders headers, HttpResponseStatus status, String text, boolean close) {
        headers.set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8").set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        exchange.respond(status, headers, utf8(text), close);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
