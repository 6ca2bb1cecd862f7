package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.wafv2.model.AllowAction;
import software.amazon.awssdk.services.wafv2.model.BlockAction;
import software.amazon.awssdk.services.wafv2.model.DefaultAction;
import software.amazon.awssdk.services.wafv2.model.IPAddressVersion;
import software.amazon.awssdk.services.wafv2.model.Rule;
import software.amazon.awssdk.services.wafv2.model.RuleAction;
import software.amazon.awssdk.services.wafv2.model.Scope;
import software.amazon.awssdk.services.wafv2.model.Statement;

/**
 * What a load balancer enforces follows every entity its web ACL was compiled from, not only the
 * web ACL: a change to an IP set it references is enforced when the update returns, and so is the
 * change back.
 */
class WafEnforcementTest {
    static ProtectedApp app;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void boot() throws Exception {
        app = ProtectedApp.start("enforced", Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static int status() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.proxy + "/page")).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void anUpdateToAReferencedIpSetIsEnforcedWhenItReturns() throws Exception {
        var set = app.waf.createIPSet(r -> r.name("blocked").scope(Scope.REGIONAL).ipAddressVersion(IPAddressVersion.IPV4)
                .addresses("127.0.0.1/32")).summary();
        Rule rule = Rule.builder().name("blocked-ips").priority(0)
                .statement(Statement.builder().ipSetReferenceStatement(s -> s.arn(set.arn())).build())
                .action(RuleAction.builder().block(BlockAction.builder().build()).build())
                .visibilityConfig(WafApiTest.visibility("blocked-ips")).build();
        var acl = app.waf.createWebACL(r -> r.name("by-address").scope(Scope.REGIONAL).rules(rule)
                .defaultAction(DefaultAction.builder().allow(AllowAction.builder().build()).build())
                .visibilityConfig(WafApiTest.visibility("by-address"))).summary();
        app.protectWith(acl.arn());
        assertThat(status()).isEqualTo(403);

        String token = app.waf.updateIPSet(r -> r.name("blocked").scope(Scope.REGIONAL).id(set.id()).addresses("203.0.113.0/24")
                .lockToken(set.lockToken())).nextLockToken();
        assertThat(status()).as("the set no longer holds the client").isEqualTo(200);
        app.waf.updateIPSet(r -> r.name("blocked").scope(Scope.REGIONAL).id(set.id()).addresses("127.0.0.0/8").lockToken(token));
        assertThat(status()).as("the set holds the client again").isEqualTo(403);
        assertThat(app.upstream.received).extracting(Upstream.Received::uri).filteredOn("/page"::equals).hasSize(1);
    }
}
