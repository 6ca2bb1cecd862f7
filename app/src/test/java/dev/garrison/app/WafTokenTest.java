package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.garrison.platform.barrier.Barrier;
import dev.garrison.platform.barrier.KeyfileRootKey;
import dev.garrison.platform.storage.Database;
import dev.garrison.platform.storage.Row;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.wafv2.Wafv2Client;
import software.amazon.awssdk.services.wafv2.model.AllowAction;
import software.amazon.awssdk.services.wafv2.model.CaptchaAction;
import software.amazon.awssdk.services.wafv2.model.ChallengeAction;
import software.amazon.awssdk.services.wafv2.model.CustomHTTPHeader;
import software.amazon.awssdk.services.wafv2.model.DefaultAction;
import software.amazon.awssdk.services.wafv2.model.Rule;
import software.amazon.awssdk.services.wafv2.model.RuleAction;
import software.amazon.awssdk.services.wafv2.model.Scope;

/**
 * CAPTCHA and Challenge actions on live traffic: the answers and interstitials a client without
 * a token gets, the challenge page's own script solving its proof of work (run by Node.js), the
 * puzzle answered through its form, the token honoured for the immunity time on a moved clock.
 * The clock only moves forward and signed API calls must stay within SigV4's five minutes of it:
 * the tests that move it run in order, and none calls the API after moving it past that.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WafTokenTest {
    static final MutableClock clock = new MutableClock(Instant.now());
    static ProtectedApp app;
    static Wafv2Client waf;
    static String aclArn;
    static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void boot() throws Exception {
        app = ProtectedApp.start("tokens", clock);
        waf = app.waf;
        List<Rule> rules = List.of(
                Rule.builder().name("challenge-app").priority(0).statement(WafApiTest.uriStartsWith("/app"))
                        .action(RuleAction.builder().challenge(ChallengeAction.builder().build()).build())
                        .visibilityConfig(WafApiTest.visibility("challenge-app")).build(),
                Rule.builder().name("captcha-login").priority(1).statement(WafApiTest.uriStartsWith("/login"))
                        .action(RuleAction.builder().captcha(CaptchaAction.builder().customRequestHandling(c -> c.insertHeaders(
                                CustomHTTPHeader.builder().name("human").value("yes").build())).build()).build())
                        .captchaConfig(c -> c.immunityTimeProperty(i -> i.immunityTime(120L)))
                        .visibilityConfig(WafApiTest.visibility("captcha-login")).build());
        aclArn = waf.createWebACL(r -> r.name("tokens").scope(Scope.REGIONAL).rules(rules)
                .defaultAction(DefaultAction.builder().allow(AllowAction.builder().build()).build())
                .visibilityConfig(WafApiTest.visibility("tokens"))).summary().arn();
        app.protectWith(aclArn);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.proxy + path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String form, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.proxy + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String field(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        assertThat(m.find()).as("the page has a %s field", name).isTrue();
        return m.group(1).replace("&amp;", "&");
    }

    /** The cookie pair ({@code aws-waf-token=...}) of a Set-Cookie header. */
    static String cookie(String setCookie) {
        assertThat(setCookie).startsWith("aws-waf-token=").contains("Path=/").contains("SameSite=Lax");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Test
    void aClientThatCannotRunTheChallengeGetsA202AndNothingReachesTheApp() throws Exception {
        int before = app.upstream.received.size();
        var answer = get("/app/data.json", "Accept", "application/json");
        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.headers().firstValue("x-amzn-waf-action")).hasValue("challenge");
        assertThat(answer.body()).isEmpty();
        var captcha = get("/login", "Accept", "application/json");
        assertThat(captcha.statusCode()).isEqualTo(405);
        assertThat(captcha.headers().firstValue("x-amzn-waf-action")).hasValue("captcha");
        assertThat(app.upstream.received).hasSize(before);
        assertThat(get("/other").statusCode()).isEqualTo(200);
        assertThat(get("/.garrison-waf/nothing").statusCode()).isEqualTo(404);
        assertThat(get("/other").statusCode()).as("the connection goes on serving").isEqualTo(200);
    }

    @Test
    @Order(2)
    void theChallengePageSolvesItsProofOfWorkAndTheTokenPassesUntilItsImmunityEnds() throws Exception {
        var page = get("/app/home", "Accept", "text/html,application/xhtml+xml");
        assertThat(page.statusCode()).isEqualTo(202);
        assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        Matcher script = Pattern.compile("<script>(.*)</script>", Pattern.DOTALL).matcher(page.body());
        assertThat(script.find()).isTrue();

        Path dir = Files.createTempDirectory("garrison-challenge");
        Path js = Files.writeString(dir.resolve("challenge.js"), script.group(1));
        Path harness = Files.writeString(dir.resolve("harness.js"), """
                const base = process.argv[2];
                const script = require("fs").readFileSync(process.argv[3], "utf8");
                const realFetch = fetch;
                globalThis.fetch = (path, options) => realFetch(base + path, options).then(r => {
                  console.log("STATUS " + r.status);
                  console.log("COOKIE " + r.headers.getSetCookie().join("|"));
                  return r;
                });
                globalThis.location = { reload() { console.log("RELOADED"); } };
                globalThis.document = { getElementById() { return { set textContent(v) { console.log("MESSAGE " + v); } }; } };
                new Function(script)();
                """);
        Process node = new ProcessBuilder("node", harness.toString(), app.proxy, js.toString()).redirectErrorStream(true).start();
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("the proof of work finishes").isTrue();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).as(out).contains("STATUS 200").contains("RELOADED");
        String token = cookie(out.lines().filter(l -> l.startsWith("COOKIE ")).findFirst().orElseThrow().substring(7));

        int before = app.upstream.received.size();
        var passed = get("/app/home", "Accept", "text/html", "Cookie", token);
        assertThat(passed.statusCode()).isEqualTo(200);
        assertThat(app.upstream.received).hasSize(before + 1);
        assertThat(get("/login", "Accept", "application/json", "Cookie", token).statusCode())
                .as("a solved challenge is no CAPTCHA").isEqualTo(405);
        assertThat(post(Interstitials.CHALLENGE, "challenge=forged.value&nonce=1").statusCode()).isEqualTo(403);
        assertThat(get("/app/home", "Cookie", "aws-waf-token=" + token.substring(14, 30) + "x.y").statusCode())
                .as("a token not signed here").isEqualTo(202);

        clock.advance(Duration.ofSeconds(301)); // no signed API call after this: the clock is past SigV4's skew
        assertThat(get("/app/home", "Cookie", token).statusCode()).as("past the 300-second immunity").isEqualTo(202);
    }

    @Test
    @Order(1)
    void thePuzzleIsAnsweredThroughItsFormOnceAndItsTokenPassesForTheRuleImmunityTime() throws Exception {
        var page = get("/login?next=%2Faccount", "Accept", "text/html");
        assertThat(page.statusCode()).isEqualTo(405);
        assertThat(page.body()).contains("<img src=\"data:image/png;base64,").contains("action=\"/.garrison-waf/captcha\"");
        String puzzle = field(page.body(), "puzzle");
        assertThat(field(page.body(), "return")).isEqualTo("/login?next=%2Faccount");
        String answer = answer(puzzle);

        String wrong = answer.equals("000000") ? "111111" : "000000";
        var retry = post(Interstitials.CAPTCHA, form(puzzle, wrong, "/login?next=%2Faccount"));
        assertThat(retry.statusCode()).isEqualTo(405);
        assertThat(retry.body()).contains("That was not it");
        assertThat(post(Interstitials.CAPTCHA, form(puzzle, answer, "/login")).statusCode())
                .as("a puzzle takes one answer").isEqualTo(405);

        String fresh = field(retry.body(), "puzzle");
        var solved = post(Interstitials.CAPTCHA, form(fresh, answer(fresh), "//evil.example/"));
        assertThat(solved.statusCode()).isEqualTo(303);
        assertThat(solved.headers().firstValue("location")).as("no open redirect").hasValue("/");
        String token = cookie(solved.headers().firstValue("set-cookie").orElseThrow());

        int before = app.upstream.received.size();
        assertThat(get("/login", "Cookie", token).statusCode()).isEqualTo(200);
        assertThat(app.upstream.received.get(before).header("x-amzn-waf-human")).isEqualTo("yes");
        assertThat(get("/app/x", "Cookie", token).statusCode()).as("a CAPTCHA solve includes the challenge").isEqualTo(200);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(app.proxy.replace("127.0.0.1", "localhost") + "/login"))
                .header("Cookie", token).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                .as("a token for another host").isEqualTo(405);

        var sampled = waf.getSampledRequests(r -> r.webAclArn(aclArn).ruleMetricName("captcha-login").scope(Scope.REGIONAL)
                .maxItems(100L).timeWindow(w -> w.startTime(Instant.now().minusSeconds(600))
                        .endTime(Instant.now().plusSeconds(600))));
        assertThat(sampled.sampledRequests()).extracting(s -> s.action()).contains("CAPTCHA");
        assertThat(sampled.sampledRequests()).filteredOn(s -> s.action().equals("CAPTCHA")).allSatisfy(s -> {
            assertThat(s.captchaResponse().responseCode()).isEqualTo(405);
            assertThat(s.captchaResponse().failureReasonAsString()).isIn("TOKEN_MISSING", "TOKEN_EXPIRED", "TOKEN_DOMAIN_MISMATCH");
        });

        clock.advance(Duration.ofSeconds(121));
        assertThat(get("/login", "Cookie", token).statusCode()).as("past the rule's 120-second immunity").isEqualTo(405);

    }

    static String form(String puzzle, String answer, String back) {
        return "puzzle=" + URLEncoder.encode(puzzle, StandardCharsets.UTF_8) + "&answer=" + answer + "&return="
                + URLEncoder.encode(back, StandardCharsets.UTF_8);
    }

    /**
     * The answer to a puzzle, found the way only a holder of the signing key could: by trying
     * every six digits against the keyed digest the puzzle carries. A person reads the image.
     */
    static String answer(String puzzle) throws Exception {
        String payload = new String(Base64.getUrlDecoder().decode(puzzle.substring(0, puzzle.indexOf('.'))),
                StandardCharsets.UTF_8);
        String[] parts = payload.split("\n");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(signingKey(), "HmacSHA256"));
        byte[] label = "captcha-answer\0".getBytes(StandardCharsets.UTF_8);
        byte[] want = Base64.getUrlDecoder().decode(parts[3]);
        for (int code = 0; code < 1_000_000; code++) {
            String digits = Integer.toString(1_000_000 + code).substring(1);
            mac.update(label);
            if (java.util.Arrays.equals(mac.doFinal((parts[2] + "\n" + digits).getBytes(StandardCharsets.UTF_8)), want)) {
                return digits;
            }
        }
        throw new AssertionError("no six digits answer " + puzzle);
    }

    static byte[] signingKey() {
        Path data = app.garrison.dataDir;
        try (Database database = Database.sqlite(data.resolve("garrison.db"))) {
            Barrier barrier = Barrier.open(KeyfileRootKey.openOrCreate(data.resolve("root.key")), database.migrate("platform"));
            Row row = database.migrate("waf").get("waf_token_keys", "signing");
            return barrier.open(row.value(), "waf_token_keys/signing");
        }
    }

    /** The token paths, as the interstitials post to them. */
    static final class Interstitials {
        static final String CHALLENGE = "/.garrison-waf/challenge";
        static final String CAPTCHA = "/.garrison-waf/captcha";
    }
}
