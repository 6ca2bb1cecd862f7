package dev.garrison.waf;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
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
    void interstitial(HttpServerRequest request, Verdict verdict, WebAclPlan plan, boolean unreadBody) {
        HttpServerResponse out = request.response();
        boolean captcha = verdict.kind() == ActionPlan.Kind.CAPTCHA;
        out.setStatusCode(verdict.status()).putHeader("x-amzn-waf-action", captcha ? "captcha" : "challenge")
                .putHeader("cache-control", "no-store");
        String accept = request.getHeader("accept");
        if (accept == null || !accept.contains("text/html")) {
            end(request, "", unreadBody);
            return;
        }
        String domain = plan.tokens.issuingDomain(host(request));
        out.putHeader("content-type", "text/html; charset=utf-8");
        if (captcha) {
            puzzlePage(request, domain, request.uri(), false, unreadBody);
        } else {
            end(request, Interstitials.challenge(work.issue(domain, clock.instant())), unreadBody);
        }
    }

    /** Draws a new puzzle off the event loop (a PNG takes a millisecond or two), then answers with its page. */
    private void puzzlePage(HttpServerRequest request, String domain, String back, boolean retry, boolean close) {
        Vertx.currentContext().executeBlocking(() -> Interstitials.captcha(puzzles.issue(domain, clock.instant()), back, retry))
                .onSuccess(page -> end(request, page, close))
                .onFailure(e -> {
                    request.response().setStatusCode(500);
                    end(request, "", true);
                });
    }

    /**
     * Takes a request to a path under {@link Interstitials#PREFIX}: a solved challenge or puzzle,
     * posted as a form of at most {@value #MAX_FORM_BYTES} bytes with a Content-Length.
     */
    void handle(HttpServerRequest request, WebAclPlan plan) {
        boolean challenge = request.path().equals(Interstitials.CHALLENGE_VERIFY);
        boolean known = challenge || request.path().equals(Interstitials.CAPTCHA_VERIFY);
        String length = request.getHeader("content-length");
        boolean sized = length != null && length.matches("\\d{1,4}") && Integer.parseInt(length) <= MAX_FORM_BYTES;
        if (known && request.method() == HttpMethod.POST && sized) {
            read(request, plan, challenge);
            return;
        }
        boolean bodiless = length == null && !request.headers().contains("transfer-encoding");
        if (sized || bodiless) {
            request.resume(); // what little there is is read and dropped: the connection serves its next request
        }
        if (!known || request.method() != HttpMethod.POST) {
            plain(request, 404, "Not Found", !sized && !bodiless);
        } else {
            plain(request, 413, "The form must have a Content-Length of at most " + MAX_FORM_BYTES + " bytes.", true);
        }
    }

    private void read(HttpServerRequest request, WebAclPlan plan, boolean challenge) {
        Buffer body = Buffer.buffer();
        request.handler(body::appendBuffer);
        request.endHandler(v -> {
            Map<String, List<String>> form = new QueryStringDecoder(body.toString(StandardCharsets.UTF_8), false).parameters();
            String domain = plan.tokens.issuingDomain(host(request));
            if (challenge) {
                solveChallenge(request, plan, form, domain);
            } else {
                solvePuzzle(request, plan, form, domain);
            }
        });
        request.resume();
    }

    private void solveChallenge(HttpServerRequest request, WebAclPlan plan, Map<String, List<String>> form, String domain) {
        Instant now = clock.instant();
        if (!work.solved(first(form, "challenge"), first(form, "nonce"), domain, now)) {
            plain(request, 403, "The challenge was not solved.", false);
            return;
        }
        WafToken held = held(request, plan);
        WafToken token = new WafToken(domain, now.getEpochSecond(), held == null ? 0 : held.captchaAt(),
                held == null ? TokenSigner.random(16) : held.id());
        setCookie(request, token, domain);
        plain(request, 200, "OK", false);
    }

    private void solvePuzzle(HttpServerRequest request, WebAclPlan plan, Map<String, List<String>> form, String domain) {
        Instant now = clock.instant();
        String back = first(form, "return");
        if (!back.startsWith("/") || back.startsWith("//") || back.contains("\\")) {
            back = "/";
        }
        if (!puzzles.answered(first(form, "puzzle"), first(form, "answer"), domain, now)) {
            HttpServerResponse out = request.response();
            out.setStatusCode(405).putHeader("x-amzn-waf-action", "captcha").putHeader("cache-control", "no-store")
                    .putHeader("content-type", "text/html; charset=utf-8");
            puzzlePage(request, domain, back, true, false);
            return;
        }
        WafToken held = held(request, plan);
        WafToken token = new WafToken(domain, now.getEpochSecond(), now.getEpochSecond(),
                held == null ? TokenSigner.random(16) : held.id());
        setCookie(request, token, domain);
        request.response().setStatusCode(303).putHeader("location", back).putHeader("cache-control", "no-store");
        end(request, "", false);
    }

    /** The request's own token when the web ACL accepts it, so a new one keeps its other solve and its id. */
    private static @Nullable WafToken held(HttpServerRequest request, WebAclPlan plan) {
        TokenState state = plan.tokens.read(WebRequest.cookies(request.headers().getAll("cookie")), host(request));
        return state.status() == TokenState.Status.PRESENT ? state.token() : null;
    }

    private void setCookie(HttpServerRequest request, WafToken token, String domain) {
        StringBuilder cookie = new StringBuilder(WafToken.COOKIE).append('=').append(token.encode(signer))
                .append("; Path=/; Max-Age=").append(COOKIE_SECONDS).append("; SameSite=Lax");
        if (!domain.equals(host(request))) {
            cookie.append("; Domain=").append(domain);
        }
        if (request.isSSL()) {
            cookie.append("; Secure");
        }
        request.response().putHeader("set-cookie", cookie.toString());
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? "" : values.getFirst();
    }

    static String host(HttpServerRequest request) {
        return request.authority() == null ? "" : request.authority().host().toLowerCase(java.util.Locale.ROOT);
    }

    private static void plain(HttpServerRequest request, int status, String text, boolean close) {
        request.response().setStatusCode(status).putHeader("content-type", "text/plain; charset=utf-8")
                .putHeader("cache-control", "no-store");
        end(request, text, close);
    }

    private static void end(HttpServerRequest request, String body, boolean close) {
        HttpServerResponse out = request.response();
        boolean http1 = request.version() != HttpVersion.HTTP_2;
        if (close && http1) {
            out.putHeader("connection", "close");
        }
        out.end(Buffer.buffer(body.getBytes(StandardCharsets.UTF_8))).onComplete(x -> {
            if (close && http1) {
                request.connection().close();
            }
        });
    }
}
