package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A web ACL plan run by hand: rule groups passed through, and what the metrics make of it. */
class WebAclPlanTest {
    static final Visibility SEEN = new Visibility("seen", true, true);
    static final ActionPlan BLOCK = new ActionPlan(ActionPlan.Kind.BLOCK, List.of(), BlockResponse.DEFAULT, 0);

    static CompiledRule rule(String name, int priority, Matcher matcher) {
        return new CompiledRule(name, priority, "REGULAR", new Visibility(name, true, true), matcher, BLOCK, List.of(), null);
    }

    static WebRequest request(String path) {
        return new WebRequest("GET", path, "", List.of(), "", 0, 8192, new byte[4], "127.0.0.1", "shop", null);
    }

    @Test
    void aRequestThatNoRuleOfAGroupStopsPassesTheGroupAndIsCountedAsPassed() {
        Matcher admin = evaluation -> evaluation.request.path().startsWith("/admin");
        CompiledRule group = new CompiledRule("use-common", 0, "GROUP", new Visibility("use-common", true, true), null, null,
                List.of(), new CompiledRule.Group("g-1", List.of(rule("g-admin", 0, admin)), Set.of(), Map.of(), false));
        WebAclPlan plan = new WebAclPlan("arn:acl", SEEN, List.of(group),
                new ActionPlan(ActionPlan.Kind.ALLOW, List.of(), null, 0), new TokenPolicy(null, List.of(), 300, 300), 0);

        Verdict passed = plan.evaluate(request("/home"), Instant.now());
        assertThat(passed.allowed()).isTrue();
        assertThat(passed.passed()).extracting(CompiledRule::name).containsExactly("use-common");
        Verdict blocked = plan.evaluate(request("/admin/users"), Instant.now());
        assertThat(blocked.terminatingRuleId()).isEqualTo("use-common");
        assertThat(blocked.groupRuleId()).isEqualTo("g-admin");
        assertThat(blocked.passed()).isEmpty();

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        WafMetrics metrics = new WafMetrics(registry, "us-east-1");
        metrics.record(new Traffic(Instant.now(), "r-1", "shop", plan, request("/home"), "HTTP/1.1", passed, null, 40_000));
        metrics.record(new Traffic(Instant.now(), "r-2", "shop", plan, request("/admin"), "HTTP/1.1", blocked, 403, 3_000_000));
        assertThat(registry.get("garrison_waf_passed_requests").tag("rule", "use-common").counter().count()).isEqualTo(1);
        assertThat(registry.get("garrison_waf_blocked_requests").tag("rule", "use-common").counter().count()).isEqualTo(1);
        Timer deciding = registry.get("garrison_waf_deciding").tag("web_acl", "seen").timer();
        assertThat(deciding.count()).isEqualTo(2);
        assertThat(deciding.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(3_040_000);
        assertThat(deciding.max(TimeUnit.NANOSECONDS)).isEqualTo(3_000_000);
    }
}
