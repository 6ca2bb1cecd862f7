package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.wafv2.Wafv2Client;
import software.amazon.awssdk.services.wafv2.model.AllowAction;
import software.amazon.awssdk.services.wafv2.model.BlockAction;
import software.amazon.awssdk.services.wafv2.model.DefaultAction;
import software.amazon.awssdk.services.wafv2.model.FallbackBehavior;
import software.amazon.awssdk.services.wafv2.model.RateBasedStatement;
import software.amazon.awssdk.services.wafv2.model.RateBasedStatementAggregateKeyType;
import software.amazon.awssdk.services.wafv2.model.RateBasedStatementCustomKey;
import software.amazon.awssdk.services.wafv2.model.Rule;
import software.amazon.awssdk.services.wafv2.model.RuleAction;
import software.amazon.awssdk.services.wafv2.model.Scope;
import software.amazon.awssdk.services.wafv2.model.Statement;
import software.amazon.awssdk.services.wafv2.model.TextTransformation;
import software.amazon.awssdk.services.wafv2.model.TextTransformationType;
import software.amazon.awssdk.services.wafv2.model.WafInvalidParameterException;
import software.amazon.awssdk.services.wafv2.model.WafUnsupportedAggregateKeyTypeException;

/** Rate-based rules on live traffic: they trigger past the limit and release when the window moves on the clock. */
class WafRateLimitTest {
    static MutableClock clock = new MutableClock(Instant.now());
    static ProtectedApp app;
    static Wafv2Client waf;
    static HttpClient http = HttpClient.newHttpClient();
    static String proxy;
    static String aclId;

    @BeforeAll
    static void boot() throws Exception {
        app = ProtectedApp.start("api", clock);
        waf = app.waf;
        proxy = app.proxy;
        List<Rule> rules = List.of(
                rateRule("login-per-ip", 0, RateBasedStatement.builder().limit(10L).evaluationWindowSec(60L)
                        .aggregateKeyType(RateBasedStatementAggregateKeyType.IP)
                        .scopeDownStatement(WafApiTest.uriStartsWith("/login")).build()),
                rateRule("search-per-client", 1, RateBasedStatement.builder().limit(10L).evaluationWindowSec(120L)
                        .aggregateKeyType(RateBasedStatementAggregateKeyType.FORWARDED_IP)
                        .forwardedIPConfig(f -> f.headerName("X-Forwarded-For").fallbackBehavior(FallbackBehavior.NO_MATCH))
                        .scopeDownStatement(WafApiTest.uriStartsWith("/search")).build()),
                rateRule("per-api-key", 2, RateBasedStatement.builder().limit(10L).evaluationWindowSec(60L)
                        .aggregateKeyType(RateBasedStatementAggregateKeyType.CUSTOM_KEYS)
                        .customKeys(RateBasedStatementCustomKey.builder().header(h -> h.name("x-api-key").textTransformations(
                                TextTransformation.builder().priority(0).type(TextTransformationType.LOWERCASE).build())).build())
                        .scopeDownStatement(WafApiTest.uriStartsWith("/api")).build()));
        var acl = waf.createWebACL(r -> r.name("limits").scope(Scope.REGIONAL).rules(rules)
                .defaultAction(DefaultAction.builder().allow(AllowAction.builder().build()).build())
                .visibilityConfig(WafApiTest.visibility("limits"))).summary();
        aclId = acl.id();
        app.protectWith(acl.arn());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static Rule rateRule(String name, int priority, RateBasedStatement statement) {
        return Rule.builder().name(name).priority(priority).statement(Statement.builder().rateBasedStatement(statement).build())
                .action(RuleAction.builder().block(BlockAction.builder().customResponse(c -> c.responseCode(429)).build()).build())
                .visibilityConfig(WafApiTest.visibility(name)).build();
    }

    static int status(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(proxy + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    List<String> managedIpv4(String rule) {
        return waf.getRateBasedStatementManagedKeys(r -> r.scope(Scope.REGIONAL).webACLName("limits").webACLId(aclId)
                .ruleName(rule)).managedKeysIPV4().addresses();
    }

    @Test
    void anIpOverTheLimitIsBlockedUntilTheWindowMovesOn() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(status("/login")).as("request %d of the limit", i + 1).isEqualTo(200);
        }
        assertThat(status("/login")).isEqualTo(429);
        assertThat(status("/home")).as("outside the scope-down statement").isEqualTo(200);
        assertThat(managedIpv4("login-per-ip")).containsExactly("127.0.0.1/32");

        clock.advance(Duration.ofSeconds(30));
        assertThat(status("/login")).as("still within the 60-second window").isEqualTo(429);
        clock.advance(Duration.ofSeconds(61));
        assertThat(status("/login")).isEqualTo(200);
        assertThat(managedIpv4("login-per-ip")).isEmpty();
    }

    @Test
    void forwardedAddressesAndCustomKeysAreCountedApart() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(status("/search", "X-Forwarded-For", "203.0.113.7, 10.0.0.1")).isEqualTo(200);
        }
        assertThat(status("/search", "X-Forwarded-For", "203.0.113.7")).isEqualTo(429);
        assertThat(status("/search", "X-Forwarded-For", "203.0.113.8")).isEqualTo(200);
        assertThat(status("/search")).as("no header: the fallback does not match").isEqualTo(200);
        assertThat(managedIpv4("search-per-client")).containsExactly("203.0.113.7/32");

        for (int i = 0; i < 10; i++) {
            assertThat(status("/api/orders", "x-api-key", i % 2 == 0 ? "KEY-A" : "key-a")).isEqualTo(200);
        }
        assertThat(status("/api/orders", "x-api-key", "key-A")).as("keys are lowercased before counting").isEqualTo(429);
        assertThat(status("/api/orders", "x-api-key", "key-b")).isEqualTo(200);
        assertThat(status("/api/orders")).as("without the header the request is not counted").isEqualTo(200);
        assertThatThrownBy(() -> waf.getRateBasedStatementManagedKeys(r -> r.scope(Scope.REGIONAL).webACLName("limits")
                .webACLId(aclId).ruleName("per-api-key"))).isInstanceOf(WafUnsupportedAggregateKeyTypeException.class);
    }

    @Test
    void badRateBasedStatementsAreRefused() {
        record Case(String name, RateBasedStatement statement, String field) {}
        for (Case c : List.of(
                new Case("window", RateBasedStatement.builder().limit(100L).evaluationWindowSec(90L)
                        .aggregateKeyType(RateBasedStatementAggregateKeyType.IP).build(), "RATE_BASED_STATEMENT"),
                new Case("forwarded without config", RateBasedStatement.builder().limit(100L)
                        .aggregateKeyType(RateBasedStatementAggregateKeyType.FORWARDED_IP).build(), "FORWARDED_IP_CONFIG"),
                new Case("custom without keys", RateBasedStatement.builder().limit(100L)
                        .aggregateKeyType(RateBasedStatementAggregateKeyType.CUSTOM_KEYS).build(), "CUSTOM_KEYS"))) {
            assertThatThrownBy(() -> waf.checkCapacity(r -> r.scope(Scope.REGIONAL).rules(rateRule("bad", 0, c.statement()))))
                    .as(c.name()).isInstanceOfSatisfying(WafInvalidParameterException.class,
                            e -> assertThat(e.field().toString()).isEqualTo(c.field()));
        }
        Statement nested = Statement.builder().notStatement(n -> n.statement(Statement.builder().rateBasedStatement(
                RateBasedStatement.builder().limit(100L).aggregateKeyType(RateBasedStatementAggregateKeyType.IP).build())
                .build())).build();
        assertThatThrownBy(() -> waf.checkCapacity(r -> r.scope(Scope.REGIONAL).rules(WafApiTest.blockRule("n", 0, nested))))
                .isInstanceOfSatisfying(WafInvalidParameterException.class,
                        e -> assertThat(e.field().toString()).isEqualTo("RATE_BASED_STATEMENT"));
    }
}
