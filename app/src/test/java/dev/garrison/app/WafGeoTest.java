package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.garrison.bench.MaxMindDbWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.wafv2.Wafv2Client;
import software.amazon.awssdk.services.wafv2.model.AllowAction;
import software.amazon.awssdk.services.wafv2.model.BlockAction;
import software.amazon.awssdk.services.wafv2.model.CountAction;
import software.amazon.awssdk.services.wafv2.model.CountryCode;
import software.amazon.awssdk.services.wafv2.model.DefaultAction;
import software.amazon.awssdk.services.wafv2.model.FallbackBehavior;
import software.amazon.awssdk.services.wafv2.model.ForwardedIPConfig;
import software.amazon.awssdk.services.wafv2.model.LabelMatchScope;
import software.amazon.awssdk.services.wafv2.model.RateBasedStatement;
import software.amazon.awssdk.services.wafv2.model.RateBasedStatementAggregateKeyType;
import software.amazon.awssdk.services.wafv2.model.RateBasedStatementCustomKey;
import software.amazon.awssdk.services.wafv2.model.Rule;
import software.amazon.awssdk.services.wafv2.model.RuleAction;
import software.amazon.awssdk.services.wafv2.model.Scope;
import software.amazon.awssdk.services.wafv2.model.Statement;

/** GeoMatch and AsnMatch on live traffic, from MaxMind-format databases named in the configuration. */
class WafGeoTest {
    static Path databases;
    static ProtectedApp app;
    static Wafv2Client waf;
    static String aclArn;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void boot() throws Exception {
        databases = Files.createTempDirectory("garrison-geo");
        new MaxMindDbWriter("GeoLite2-City")
                .insert("127.0.0.0/8", place("NL", null))
                .insert("198.51.100.0/24", place("DE", "BE"))
                .insert("203.0.113.0/24", place("FR", "IDF"))
                .insert("192.0.2.0/24", place("US", "CA"))
                .insert("2001:db8::/32", place("JP", null))
                .write(databases.resolve("city.mmdb"));
        new MaxMindDbWriter("GeoLite2-ASN")
                .insert("127.0.0.0/8", Map.of("autonomous_system_number", 64499, "autonomous_system_organization", "Loopback"))
                .insert("192.0.2.0/24", Map.of("autonomous_system_number", 64500, "autonomous_system_organization", "Example"))
                .write(databases.resolve("asn.mmdb"));
        app = ProtectedApp.start("geo", Clock.systemUTC(), Map.of(
                "waf-geo-database", databases.resolve("city.mmdb").toString(),
                "waf-asn-database", databases.resolve("asn.mmdb").toString()));
        waf = app.waf;
        ForwardedIPConfig xff = ForwardedIPConfig.builder().headerName("X-Forwarded-For")
                .fallbackBehavior(FallbackBehavior.NO_MATCH).build();
        List<Rule> rules = List.of(
                rule("label-countries", 0, Statement.builder().geoMatchStatement(g -> g.countryCodes(CountryCode.US)
                        .forwardedIPConfig(xff)).build(), RuleAction.builder().count(CountAction.builder().build()).build()),
                rule("block-germany", 1, Statement.builder().geoMatchStatement(g -> g.countryCodes(CountryCode.DE, CountryCode.AT)
                        .forwardedIPConfig(xff)).build(), block(451)),
                rule("block-ile-de-france", 2, Statement.builder().labelMatchStatement(l -> l.scope(LabelMatchScope.LABEL)
                        .key("awswaf:forwardedip:geo:region:FR-IDF")).build(), block(403)),
                rule("block-network", 3, Statement.builder().asnMatchStatement(a -> a.asnList(64500L)
                        .forwardedIPConfig(xff)).build(), block(418)),
                rule("netherlands-only", 4, Statement.builder().andStatement(a -> a.statements(
                        WafApiTest.uriStartsWith("/nl-only"),
                        Statement.builder().notStatement(n -> n.statement(Statement.builder().geoMatchStatement(g -> g
                                .countryCodes(CountryCode.NL)).build())).build())).build(), block(403)),
                rule("unknown-source", 5, Statement.builder().andStatement(a -> a.statements(
                        WafApiTest.uriStartsWith("/partner"),
                        Statement.builder().geoMatchStatement(g -> g.countryCodes(CountryCode.JP).forwardedIPConfig(f -> f
                                .headerName("X-Partner-Ip").fallbackBehavior(FallbackBehavior.MATCH))).build())).build(),
                        block(409)),
                rule("per-network", 6, Statement.builder().rateBasedStatement(RateBasedStatement.builder().limit(10L)
                        .evaluationWindowSec(60L).aggregateKeyType(RateBasedStatementAggregateKeyType.CUSTOM_KEYS)
                        .customKeys(RateBasedStatementCustomKey.builder().asn(a -> { }).build())
                        .scopeDownStatement(WafApiTest.uriStartsWith("/metered")).build()).build(), block(429)));
        aclArn = waf.createWebACL(r -> r.name("geo").scope(Scope.REGIONAL).rules(rules)
                .defaultAction(DefaultAction.builder().allow(AllowAction.builder().build()).build())
                .visibilityConfig(WafApiTest.visibility("geo"))).summary().arn();
        app.protectWith(aclArn);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static Map<String, Object> place(String country, String region) {
        return region == null ? Map.of("country", Map.of("iso_code", country))
                : Map.of("country", Map.of("iso_code", country), "subdivisions", List.of(Map.of("iso_code", region)));
    }

    static Rule rule(String name, int priority, Statement statement, RuleAction action) {
        return Rule.builder().name(name).priority(priority).statement(statement).action(action)
                .visibilityConfig(WafApiTest.visibility(name)).build();
    }

    static RuleAction block(int status) {
        return RuleAction.builder().block(BlockAction.builder().customResponse(c -> c.responseCode(status)).build()).build();
    }

    static int status(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.proxy + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void countriesRegionsAndNetworksDecideByTheForwardedAddress() throws Exception {
        assertThat(status("/", "X-Forwarded-For", "198.51.100.7, 10.0.0.1")).as("Germany").isEqualTo(451);
        assertThat(status("/", "X-Forwarded-For", "203.0.113.9")).as("the region label a geo rule added").isEqualTo(403);
        assertThat(status("/", "X-Forwarded-For", "192.0.2.1")).as("AS64500").isEqualTo(418);
        assertThat(status("/", "X-Forwarded-For", "2001:db8::1")).as("Japan").isEqualTo(200);
        assertThat(status("/", "X-Forwarded-For", "233.252.0.1")).as("not in the database").isEqualTo(200);
        assertThat(status("/", "X-Forwarded-For", "not an address")).as("fallback NO_MATCH").isEqualTo(200);
        assertThat(status("/")).isEqualTo(200);
    }

    @Test
    void theClientAddressDecidesWithoutAForwardedIpConfig() throws Exception {
        assertThat(status("/nl-only/page", "X-Forwarded-For", "198.51.100.7")).as("forwarded Germany is blocked first")
                .isEqualTo(451);
        assertThat(status("/nl-only/page")).as("127.0.0.1 is in NL in this database").isEqualTo(200);
        assertThat(status("/partner", "X-Partner-Ip", "2001:db8::5")).as("Japan").isEqualTo(409);
        assertThat(status("/partner", "X-Partner-Ip", "192.0.2.1")).as("the US").isEqualTo(200);
        assertThat(status("/partner")).as("fallback MATCH").isEqualTo(409);

        Instant start = Instant.now().minusSeconds(60);
        var sampled = waf.getSampledRequests(r -> r.webAclArn(aclArn).ruleMetricName("geo").scope(Scope.REGIONAL)
                .maxItems(100L).timeWindow(w -> w.startTime(start).endTime(Instant.now().plusSeconds(1))));
        assertThat(sampled.sampledRequests()).isNotEmpty()
                .allSatisfy(s -> assertThat(s.request().country()).isEqualTo("NL"));
    }

    @Test
    void requestsAreCountedPerAutonomousSystem() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(status("/metered")).as("request %d of the limit", i + 1).isEqualTo(200);
        }
        assertThat(status("/metered")).as("AS64499 is over its limit").isEqualTo(429);
    }

    @Test
    void geoAndAsnStatementsNeedTheirDatabases() throws Exception {
        try (TestServer bare = TestServer.start(Map.of()); Wafv2Client client = WafApiTest.client(bare,
                software.amazon.awssdk.regions.Region.US_EAST_1)) {
            assertThatThrownBy(() -> client.createWebACL(r -> r.name("geo").scope(Scope.REGIONAL)
                    .rules(rule("geo", 0, Statement.builder().geoMatchStatement(g -> g.countryCodes(CountryCode.DE)).build(),
                            block(403)))
                    .defaultAction(DefaultAction.builder().allow(AllowAction.builder().build()).build())
                    .visibilityConfig(WafApiTest.visibility("geo"))))
                    .hasMessageContaining("waf-geo-database");
            assertThatThrownBy(() -> client.createWebACL(r -> r.name("asn").scope(Scope.REGIONAL)
                    .rules(rule("asn", 0, Statement.builder().asnMatchStatement(a -> a.asnList(64500L)).build(), block(403)))
                    .defaultAction(DefaultAction.builder().allow(AllowAction.builder().build()).build())
                    .visibilityConfig(WafApiTest.visibility("asn"))))
                    .hasMessageContaining("waf-asn-database");
        }
        Path notADatabase = Files.writeString(databases.resolve("not.mmdb"), "hello");
        assertThatThrownBy(() -> TestServer.start(Map.of("waf-geo-database", notADatabase.toString())).close())
                .hasMessageContaining("waf-geo-database").hasMessageContaining("not a MaxMind database");
        assertThatThrownBy(() -> TestServer.start(Map.of("waf-asn-database", databases.resolve("city.mmdb").toString()))
                .close()).hasMessageContaining("waf-asn-database").hasMessageContaining("not an ASN database");
    }
}
