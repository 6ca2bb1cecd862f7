package dev.garrison.waf;

import dev.garrison.api.wafv2.Condition;
import dev.garrison.api.wafv2.Filter;
import dev.garrison.api.wafv2.LoggingFilter;
import org.jspecify.annotations.Nullable;

/**
 * A {@code LoggingFilter}: the first filter whose conditions a request meets (all or any of them,
 * on its action and labels) keeps or drops its log record; the default behavior decides the rest.
 */
final class LogFilter {
    private LogFilter() {}

    static boolean keeps(@Nullable LoggingFilter filter, Traffic traffic) {
        if (filter == null) {
            return true;
        }
        for (Filter f : filter.filters()) {
            boolean all = f.requirement().equals("MEETS_ALL");
            boolean met = all;
            for (Condition condition : f.conditions()) {
                boolean holds = holds(condition, traffic);
                met = all ? met && holds : met || holds;
            }
            if (met) {
                return f.behavior().equals("KEEP");
            }
        }
        return filter.defaultBehavior().equals("KEEP");
    }

    private static boolean holds(Condition condition, Traffic traffic) {
        if (condition.actionCondition() != null) {
            String action = condition.actionCondition().action();
            return action.equals(traffic.verdict().action()) || traffic.verdict().counted().stream()
                    .anyMatch(c -> c.action().name().equals(action));
        }
        return condition.labelNameCondition() != null && traffic.verdict().labels().contains(condition.labelNameCondition().labelName());
    }
}
