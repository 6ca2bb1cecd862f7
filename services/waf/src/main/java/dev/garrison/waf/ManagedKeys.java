package dev.garrison.waf;

import dev.garrison.api.wafv2.GetRateBasedStatementManagedKeysRequest;
import dev.garrison.api.wafv2.GetRateBasedStatementManagedKeysResponse;
import dev.garrison.api.wafv2.RateBasedStatement;
import dev.garrison.api.wafv2.RateBasedStatementManagedKeysIPSet;
import dev.garrison.api.wafv2.Rule;
import dev.garrison.api.wafv2.RuleGroup;
import dev.garrison.api.wafv2.WAFUnsupportedAggregateKeyTypeException;
import dev.garrison.api.wafv2.WebACL;
import dev.garrison.platform.core.CallContext;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** GetRateBasedStatementManagedKeys: the addresses a rate-based rule that aggregates on IPs is limiting now. */
final class ManagedKeys {
    private final WafEntities entities;
    private final RateLimits rates;
    private final Clock clock;

    ManagedKeys(WafEntities entities, RateLimits rates, Clock clock) {
        this.entities = entities;
        this.rates = rates;
        this.clock = clock;
    }

    GetRateBasedStatementManagedKeysResponse get(CallContext call, GetRateBasedStatementManagedKeysRequest request) {
        WafEntity entity = entities.require(WafScope.of(call, request.scope()), EntityKind.WEB_ACL, request.webACLName(),
                request.webACLId());
        WebACL acl = WebACL.fromTree(entity.body());
        List<Rule> rules = acl.rules();
        if (request.ruleGroupRuleName() != null) {
            Rule reference = rule(rules, request.ruleGroupRuleName());
            if (reference.statement().ruleGroupReferenceStatement() == null) {
                throw WafErrors.invalid("RULE", request.ruleGroupRuleName(), "The rule does not reference a rule group.");
            }
            WafEntity group = entities.byArn(reference.statement().ruleGroupReferenceStatement().arn());
            if (group == null) {
                throw WafErrors.nonexistent();
            }
            rules = RuleGroup.fromTree(group.body()).rules();
        }
        RateBasedStatement statement = rule(rules, request.ruleName()).statement().rateBasedStatement();
        if (statement == null) {
            throw WafErrors.invalid("RULE", request.ruleName(), "The rule is not a rate-based rule.");
        }
        if (!statement.aggregateKeyType().equals("IP") && !statement.aggregateKeyType().equals("FORWARDED_IP")) {
            throw new WAFUnsupportedAggregateKeyTypeException("The rule aggregates on " + statement.aggregateKeyType()
                    + "; managed keys are kept only for rules that aggregate on IP or FORWARDED_IP.");
        }
        RateCounter counter = rates.find(PlanCompiler.ratePath(entity.arn(), request.ruleGroupRuleName(), request.ruleName()));
        List<String> over = counter == null ? List.of() : counter.over(clock.instant(), statement.limit());
        return new GetRateBasedStatementManagedKeysResponse(
                new RateBasedStatementManagedKeysIPSet(over.stream().filter(a -> a.indexOf(':') < 0).map(a -> a + "/32").sorted()
                        .toList(), "IPV4"),
                new RateBasedStatementManagedKeysIPSet(over.stream().filter(a -> a.indexOf(':') >= 0).map(a -> a + "/128")
                        .sorted().toList(), "IPV6"));
    }

    private static Rule rule(@Nullable List<Rule> rules, String name) {
        return (rules == null ? List.<Rule>of() : rules).stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(WafErrors::nonexistent);
    }
}
