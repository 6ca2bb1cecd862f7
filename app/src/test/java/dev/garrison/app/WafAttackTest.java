package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.wafv2.Wafv2Client;
import software.amazon.awssdk.services.wafv2.model.AllowAction;
import software.amazon.awssdk.services.wafv2.model.BlockAction;
import software.amazon.awssdk.services.wafv2.model.DefaultAction;
import software.amazon.awssdk.services.wafv2.model.BodyParsingFallbackBehavior;
import software.amazon.awssdk.services.wafv2.model.FieldToMatch;
import software.amazon.awssdk.services.wafv2.model.JsonMatchScope;
import software.amazon.awssdk.services.wafv2.model.MapMatchScope;
import software.amazon.awssdk.services.wafv2.model.Rule;
import software.amazon.awssdk.services.wafv2.model.RuleAction;
import software.amazon.awssdk.services.wafv2.model.Scope;
import software.amazon.awssdk.services.wafv2.model.SensitivityLevel;
import software.amazon.awssdk.services.wafv2.model.Statement;
import software.amazon.awssdk.services.wafv2.model.TextTransformation;
import software.amazon.awssdk.services.wafv2.model.TextTransformationType;

/** SQL injection and XSS in every part of a request, blocked on live traffic by the rule that inspects that part. */
class WafAttackTest {
    static ProtectedApp app;
    static Upstream upstream;
    static Wafv2Client waf;
    static HttpClient http = HttpClient.newHttpClient();
    static String proxy;

    @BeforeAll
    static void boot() throws Exception {
        app = ProtectedApp.start("app", Clock.systemUTC());
        upstream = app.upstream;
        waf = app.waf;
        proxy = app.proxy;
        List<TextTransformation> decode = List.of(
                TextTransformation.builder().priority(0).type(TextTransformationType.URL_DECODE).build(),
                TextTransformation.builder().priority(1).type(TextTransformationType.HTML_ENTITY_DECODE).build());
        List<Rule> rules = List.of(
                rule("sqli-args", 0, Statement.builder().sqliMatchStatement(s -> s.sensitivityLevel(SensitivityLevel.HIGH)
                        .fieldToMatch(FieldToMatch.builder().allQueryArguments(a -> { }).build()).textTransformations(decode)).build()),
                rule("sqli-body", 1, Statement.builder().sqliMatchStatement(s -> s.sensitivityLevel(SensitivityLevel.LOW)
                        .fieldToMatch(FieldToMatch.builder().body(b -> { }).build()).textTransformations(decode)).build()),
                rule("xss-cookies", 2, Statement.builder().xssMatchStatement(s -> s.fieldToMatch(FieldToMatch.builder()
                        .cookies(c -> c.matchPattern(p -> p.all(a -> { })).matchScope(MapMatchScope.VALUE).oversizeHandling("MATCH"))
                        .build()).textTransformations(decode)).build()),
                rule("xss-referer", 3, Statement.builder().xssMatchStatement(s -> s.fieldToMatch(FieldToMatch.builder()
                        .singleHeader(h -> h.name("referer")).build()).textTransformations(decode)).build()),
                rule("xss-args", 4, Statement.builder().xssMatchStatement(s -> s.fieldToMatch(FieldToMatch.builder()
                        .allQueryArguments(a -> { }).build()).textTransformations(decode)).build()),
                rule("sqli-path", 5, Statement.builder().sqliMatchStatement(s -> s.fieldToMatch(FieldToMatch.builder()
                        .uriPath(u -> { }).build()).textTransformations(decode)).build()),
                rule("xss-json", 6, Statement.builder().xssMatchStatement(s -> s.fieldToMatch(FieldToMatch.builder()
                        .jsonBody(j -> j.matchPattern(p -> p.includedPaths("/profile")).matchScope(JsonMatchScope.VALUE)
                                .invalidFallbackBehavior(BodyParsingFallbackBehavior.EVALUATE_AS_STRING)).build())
                        .textTransformations(TextTransformation.builder().priority(0).type(TextTransformationType.NONE).build()))
                        .build()));
        var acl = waf.createWebACL(r -> r.name("attacks").scope(Scope.REGIONAL).rules(rules)
                .defaultAction(DefaultAction.builder().allow(AllowAction.builder().build()).build())
                .visibilityConfig(WafApiTest.visibility("attacks"))).summary();
        assertThat(waf.getWebACL(r -> r.arn(acl.arn())).webACL().capacity()).isEqualTo(50 + 40 + 60 + 60 + 60 + 40 + 80);
        app.protectWith(acl.arn());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** A rule that blocks with a header naming itself and adds a label. */
    @BeforeEach
    void forget() {
        upstream.received.clear();
    }

    static Rule rule(String name, int priority, Statement statement) {
        return Rule.builder().name(name).priority(priority).statement(statement).ruleLabels(l -> l.name("attack:" + name))
                .action(RuleAction.builder().block(BlockAction.builder().customResponse(c -> c.responseCode(403)
                        .responseHeaders(h -> h.name("x-blocked-by").value(name))).build()).build())
                .visibilityConfig(WafApiTest.visibility(name)).build();
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void attacksAreBlockedByTheRuleForWhereTheyAre() throws Exception {
        record Case(String name, HttpRequest.Builder request, String rule) {}
        for (Case c : List.of(
                new Case("union in a query argument", HttpRequest.newBuilder(URI.create(proxy + "/items?id="
                        + q("1 UNION SELECT username, password FROM users--"))), "sqli-args"),
                new Case("tautology in a query argument", HttpRequest.newBuilder(URI.create(proxy + "/login?user="
                        + q("admin' OR '1'='1") + "&next=/")), "sqli-args"),
                new Case("stacked query in a form body", HttpRequest.newBuilder(URI.create(proxy + "/order"))
                        .POST(HttpRequest.BodyPublishers.ofString("qty=1;DROP TABLE orders--")), "sqli-body"),
                new Case("injection in a JSON body", HttpRequest.newBuilder(URI.create(proxy + "/api"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"5' UNION SELECT password FROM users--\"}")), "sqli-body"),
                new Case("script in a cookie", HttpRequest.newBuilder(URI.create(proxy + "/"))
                        .header("Cookie", "theme=" + q("<script>alert(document.cookie)</script>")), "xss-cookies"),
                new Case("event handler in the referer", HttpRequest.newBuilder(URI.create(proxy + "/"))
                        .header("Referer", "https://x.example/\"><img src=x onerror=alert(1)>"), "xss-referer"),
                new Case("entity-encoded javascript URL in an argument", HttpRequest.newBuilder(URI.create(proxy + "/go?to="
                        + q("<a href=\"&#106;avascript:alert(1)\">x</a>"))), "xss-args"),
                new Case("script in a JSON property", HttpRequest.newBuilder(URI.create(proxy + "/api/me"))
                        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                                "{\"profile\":{\"bio\":\"<svg onload=alert(1)>\"},\"theme\":\"dark\"}")), "xss-json"),
                new Case("injection in the path", HttpRequest.newBuilder(URI.create(proxy + "/products/7'%20OR%20'1'='1")),
                        "sqli-path"))) {
            HttpResponse<String> response = send(c.request());
            assertThat(response.statusCode()).as(c.name()).isEqualTo(403);
            assertThat(response.headers().firstValue("x-blocked-by")).as(c.name()).hasValue(c.rule());
        }
        assertThat(upstream.received).as("nothing but health checks reached the app")
                .allSatisfy(r -> assertThat(r.header("x-forwarded-for")).isNull());
    }

    @Test
    void logsTellWhatTheDetectorsFoundAndWhere() throws Exception {
        String acl = waf.listWebACLs(r -> r.scope(Scope.REGIONAL)).webACLs().getFirst().arn();
        waf.putLoggingConfiguration(r -> r.loggingConfiguration(c -> c.resourceArn(acl)
                .logDestinationConfigs("arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-attacks")));
        try {
            assertThat(send(HttpRequest.newBuilder(URI.create(proxy + "/items?id=" + q("1 UNION SELECT password FROM users--"))))
                    .statusCode()).isEqualTo(403);
            assertThat(send(HttpRequest.newBuilder(URI.create(proxy + "/")).header("Cookie", "theme=" + q("<script>alert(1)</script>")))
                    .statusCode()).isEqualTo(403);
            Path log = app.garrison.dataDir.resolve("waf-logs").resolve("aws-waf-logs-attacks.log");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log) && Files.readAllLines(log).size() >= 2);
            ObjectMapper json = new ObjectMapper();
            List<JsonNode> records = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                records.add(json.readTree(line));
            }
            JsonNode sqli = records.stream().filter(r -> r.get("terminatingRuleId").asText().equals("sqli-args")).findFirst()
                    .orElseThrow().at("/terminatingRuleMatchDetails/0");
            assertThat(sqli.get("conditionType").asText()).isEqualTo("SQL_INJECTION");
            assertThat(sqli.get("sensitivityLevel").asText()).isEqualTo("HIGH");
            assertThat(sqli.get("location").asText()).isEqualTo("ALL_QUERY_ARGS");
            assertThat(sqli.get("matchedData").toString()).containsIgnoringCase("\"UNION\"").containsIgnoringCase("\"SELECT\"");
            JsonNode xss = records.stream().filter(r -> r.get("terminatingRuleId").asText().equals("xss-cookies")).findFirst()
                    .orElseThrow().at("/terminatingRuleMatchDetails/0");
            assertThat(xss.get("conditionType").asText()).isEqualTo("XSS");
            assertThat(xss.get("location").asText()).isEqualTo("COOKIES");
            assertThat(xss.get("matchedData").toString()).contains("<script>alert(1)</script>");
        } finally {
            waf.deleteLoggingConfiguration(r -> r.resourceArn(acl));
        }
    }

    @Test
    void benignRequestsPassUnchanged() throws Exception {
        String body = "note=" + q("Tom's \"best\" order: 2 OR 3 items, select the blue one; <b>bold</b> is fine");
        for (HttpRequest.Builder request : List.of(
                HttpRequest.newBuilder(URI.create(proxy + "/search?q=" + q("o'reilly and sons") + "&sort=price")),
                HttpRequest.newBuilder(URI.create(proxy + "/notes")).POST(HttpRequest.BodyPublishers.ofString(body)),
                HttpRequest.newBuilder(URI.create(proxy + "/")).header("Cookie", "session=abc123; theme=dark")
                        .header("Referer", "https://shop.example/cart?item=7"))) {
            HttpResponse<String> response = send(request);
            assertThat(response.statusCode()).isEqualTo(200);
        }
        assertThat(upstream.received.stream().filter(r -> r.uri().equals("/notes")).findFirst().orElseThrow().body())
                .isEqualTo(body.getBytes(StandardCharsets.UTF_8));
    }
}
