package dev.garrison.waf;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a web ACL decided for one request.
 *
 * @param kind ALLOW (the request goes upstream), BLOCK, or CAPTCHA or CHALLENGE (the client is
 *     answered with the interstitial that earns a token)
 * @param terminatingRuleId the rule that decided (the rule referencing the group, for a rule in a
 *     group), or {@code Default_Action}
 * @param terminatingRuleType REGULAR, RATE_BASED, GROUP, MANAGED_RULE_GROUP, or DEFAULT_ACTION
 * @param ruleGroupId the rule group of the deciding rule, or null
 * @param groupRuleId the rule inside that group that decided, or null
 * @param response the answer of a block
 * @param insertHeaders request headers to add before forwarding
 * @param labels every label added
 * @param counted the rules that matched without ending the evaluation (nonTerminatingMatchingRules)
 * @param visibility the metric name and settings of what decided: the rule (the referencing rule
 *     for a rule in a group) or the web ACL for its default action
 * @param tokenFailure why the token did not pass a deciding CAPTCHA or Challenge rule
 *     (TOKEN_MISSING, TOKEN_EXPIRED, TOKEN_INVALID, TOKEN_DOMAIN_MISMATCH), else null
 * @param matchDetails what the deciding rule's SQL injection and XSS statements found
 * @param passed the rules referencing rule groups that the request passed through without a
 *     terminating match
 */
record Verdict(ActionPlan.Kind kind, String terminatingRuleId, String terminatingRuleType, @Nullable String ruleGroupId,
        @Nullable String groupRuleId, @Nullable BlockResponse response, List<Map.Entry<String, String>> insertHeaders,
        List<String> labels, List<Counted> counted, Visibility visibility, @Nullable String tokenFailure,
        List<MatchDetail> matchDetails, List<CompiledRule> passed) {

    /**
     * A rule that matched and let the evaluation go on: with Count, or CAPTCHA or Challenge passed
     * by the token; with what its SQL injection and XSS statements found.
     */
    record Counted(CompiledRule rule, ActionPlan.Kind action, List<MatchDetail> details) {}

    boolean allowed() {
        return kind == ActionPlan.Kind.ALLOW;
    }

    String action() {
        return kind.name();
    }

    /** The status the client is answered with when the request does not go upstream. */
    int status() {
        return switch (kind) {
            case CAPTCHA -> 405;
            case CHALLENGE -> 202;
            default -> response.status();
        };
    }
}
