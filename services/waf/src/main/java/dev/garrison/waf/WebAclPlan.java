package dev.garrison.waf;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A web ACL compiled for the proxy: its rules in priority order and its default action. Rules
 * run in order; a matching rule with Count adds its labels and headers and goes on, Allow and
 * Block end the evaluation; a rule group's rules run in place, as AWS WAF runs them.
 */
final class WebAclPlan {
    final String arn;
    final Visibility visibility;
    private final List<CompiledRule> rules;
    private final ActionPlan defaultAction;

    WebAclPlan(String arn, Visibility visibility, List<CompiledRule> rules, ActionPlan defaultAction) {
        this.arn = arn;
        this.visibility = visibility;
        this.rules = rules;
        this.defaultAction = defaultAction;
    }

    Verdict evaluate(WebRequest request, Instant now) {
        Evaluation evaluation = new Evaluation(request, now);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        List<CompiledRule> counted = new ArrayList<>();
        for (CompiledRule rule : rules) {
            Verdict verdict = rule.group() == null
                    ? run(rule, null, rule.action(), evaluation, headers, counted)
                    : runGroup(rule, evaluation, headers, counted);
            if (verdict != null) {
                return verdict;
            }
        }
        headers.addAll(defaultAction.insertHeaders());
        return new Verdict(defaultAction.kind() == ActionPlan.Kind.ALLOW, "Default_Action", "DEFAULT_ACTION", null, null,
                defaultAction.response(), headers, List.copyOf(evaluation.labels), counted, visibility);
    }

    private @Nullable Verdict runGroup(CompiledRule reference, Evaluation evaluation, List<Map.Entry<String, String>> headers,
            List<CompiledRule> counted) {
        CompiledRule.Group group = reference.group();
        for (CompiledRule rule : group.rules()) {
            ActionPlan action = group.overrides().getOrDefault(rule.name(), rule.action());
            if (group.countAll() || group.counted().contains(rule.name())) {
                action = new ActionPlan(ActionPlan.Kind.COUNT, List.of(), null);
            }
            Verdict verdict = run(rule, reference, action, evaluation, headers, counted);
            if (verdict != null) {
                return verdict;
            }
        }
        return null;
    }

    /** Runs one rule; the verdict when it ends the evaluation, else null. */
    private static @Nullable Verdict run(CompiledRule rule, @Nullable CompiledRule group, ActionPlan action,
            Evaluation evaluation, List<Map.Entry<String, String>> headers, List<CompiledRule> counted) {
        if (!rule.statement().matches(evaluation)) {
            return null;
        }
        evaluation.labels.addAll(rule.labels());
        headers.addAll(action.insertHeaders());
        if (!action.terminating()) {
            counted.add(rule);
            return null;
        }
        return new Verdict(action.kind() == ActionPlan.Kind.ALLOW, group == null ? rule.name() : group.name(),
                group == null ? rule.type() : group.type(), group == null ? null : group.group().id(),
                group == null ? null : rule.name(), action.response(), headers, List.copyOf(evaluation.labels), counted,
                group == null ? rule.visibility() : group.visibility());
    }
}
