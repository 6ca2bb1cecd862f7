package dev.garrison.waf;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a web ACL decided for one request.
 *
 * @param allowed whether the request goes upstream
 * @param terminatingRuleId the rule that decided (the rule referencing the group, for a rule in a
 *     group), or {@code Default_Action}
 * @param terminatingRuleType REGULAR, RATE_BASED, GROUP, MANAGED_RULE_GROUP, or DEFAULT_ACTION
 * @param ruleGroupId the rule group of the deciding rule, or null
 * @param groupRuleId the rule inside that group that decided, or null
 * @param response the answer of a block
 * @param insertHeaders request headers to add before forwarding
 * @param labels every label added
 * @param counted the rules that matched with Count (nonTerminatingMatchingRules)
 * @param visibility the metric name and settings of what decided: the rule (the referencing rule
 *     for a rule in a group) or the web ACL for its default action
 */
record Verdict(boolean allowed, String terminatingRuleId, String terminatingRuleType, @Nullable String ruleGroupId,
        @Nullable String groupRuleId, @Nullable BlockResponse response, List<Map.Entry<String, String>> insertHeaders, List<String> labels,
        List<CompiledRule> counted, Visibility visibility) {

    String action() {
        return allowed ? "ALLOW" : "BLOCK";
    }
}
