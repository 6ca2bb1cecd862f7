package dev.garrison.waf;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A rule ready to run. A plain rule has a statement and an action; a rule that references a
 * rule group has the group's rules instead, the rules it turns to Count, the actions it
 * overrides, and whether the whole group is only counted ({@code OverrideAction} Count).
 *
 * @param type the {@code terminatingRuleType} of logs: REGULAR, RATE_BASED, GROUP or MANAGED_RULE_GROUP
 */
record CompiledRule(String name, int priority, String type, Visibility visibility, @Nullable Matcher statement,
        @Nullable ActionPlan action, List<String> labels, @Nullable Group group) {

    /** A referenced rule group, as the referencing rule adjusts it. */
    record Group(String id, List<CompiledRule> rules, Set<String> counted, Map<String, ActionPlan> overrides,
            boolean countAll) {}
}
