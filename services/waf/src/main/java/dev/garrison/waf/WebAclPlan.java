package dev.garrison.waf;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A web ACL compiled for the proxy: its rules in priority order, its default action and how it
 * judges tokens. Rules run in order; a matching rule with Count adds its labels and headers and
 * goes on, Allow and Block end the evaluation, CAPTCHA and Challenge go on like Count when the
 * request's token passes and end it otherwise; a rule group's rules run in place, as AWS WAF runs them.
 */
final class WebAclPlan {
    final String arn;
    final Visibility visibility;
    final TokenPolicy tokens;
    private final List<CompiledRule> rules;
    private final ActionPlan defaultAction;
    /** How many distinct field and transformation pairs the rules inspect. */
    private final int inspections;

    WebAclPlan(String arn, Visibility visibility, List<CompiledRule> rules, ActionPlan defaultAction, TokenPolicy tokens,
            int inspections) {
        this.arn = arn;
        this.inspections = inspections;
        this.visibility = visibility;
        this.rules = rules;
        this.defaultAction = defaultAction;
        this.tokens = tokens;
    }

    Verdict evaluate(WebRequest request, Instant now) {
        Evaluation evaluation = new Evaluation(request, now, inspections);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        List<Verdict.Counted> counted = new ArrayList<>();
        for (CompiledRule rule : rules) {
            Verdict verdict = rule.group() == null
                    ? run(rule, null, rule.action(), evaluation, headers, counted)
                    : runGroup(rule, evaluation, headers, counted);
            if (verdict != null) {
                return verdict;
            }
            if (rule.group() != null) {
                evaluation.passed.add(rule);
            }
        }
        headers.addAll(defaultAction.insertHeaders());
        return new Verdict(defaultAction.kind(), "Default_Action", "DEFAULT_ACTION", null, null,
                defaultAction.response(), headers, List.copyOf(evaluation.labels), counted, visibility, null, List.of(),
                evaluation.passed);
    }

    private @Nullable Verdict runGroup(CompiledRule reference, Evaluation evaluation, List<Map.Entry<String, String>> headers,
            List<Verdict.Counted> counted) {
        CompiledRule.Group group = reference.group();
        for (CompiledRule rule : group.rules()) {
            ActionPlan action = group.overrides().getOrDefault(rule.name(), rule.action());
            if (group.countAll() || group.counted().contains(rule.name())) {
                action = ActionPlan.COUNT;
            }
            Verdict verdict = run(rule, reference, action, evaluation, headers, counted);
            if (verdict != null) {
                return verdict;
            }
        }
        return null;
    }

    /**
     * Runs one rule; the verdict when it ends the evaluation, else null. A CAPTCHA or Challenge
     * rule ends it only when the request's token does not show a recent enough solve.
     */
    private @Nullable Verdict run(CompiledRule rule, @Nullable CompiledRule group, ActionPlan action,
            Evaluation evaluation, List<Map.Entry<String, String>> headers, List<Verdict.Counted> counted) {
        int found = evaluation.details.size();
        if (!rule.statement().matches(evaluation)) {
            if (evaluation.details.size() > found) {
                evaluation.details.subList(found, evaluation.details.size()).clear();
            }
            return null;
        }
        List<MatchDetail> details = List.copyOf(evaluation.details.subList(found, evaluation.details.size()));
        evaluation.labels.addAll(rule.labels());
        String failure = null;
        if (action.checksToken()) {
            long immunity = action.immunitySeconds() > 0 ? action.immunitySeconds()
                    : action.kind() == ActionPlan.Kind.CAPTCHA ? tokens.captchaImmunity() : tokens.challengeImmunity();
            failure = evaluation.token(tokens).failure(action.kind(), immunity, evaluation.now);
        }
        if (!action.terminating() && failure == null) {
            headers.addAll(action.insertHeaders());
            counted.add(new Verdict.Counted(rule, action.kind(), details));
            return null;
        }
        if (failure == null) {
            headers.addAll(action.insertHeaders());
        }
        return new Verdict(action.kind(), group == null ? rule.name() : group.name(),
                group == null ? rule.type() : group.type(), group == null ? null : group.group().id(),
                group == null ? null : rule.name(), action.response(), headers, List.copyOf(evaluation.labels), counted,
                group == null ? rule.visibility() : group.visibility(), failure, details, evaluation.passed);
    }
}
