package dev.garrison.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.garrison.api.events.Target;
import dev.garrison.platform.events.EventBus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.event.ruler.Machine;

/**
 * Reads the bus and hands each event to the targets of every enabled rule whose pattern matches
 * it, as EventBridge does on the default bus. CloudTrail's read-only calls reach only rules in
 * state {@code ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS}, as on AWS.
 */
final class RuleDispatcher implements EventBus.Subscriber {
    static final String DEFAULT_BUS = "default";
    private static final String API_CALL = "AWS API Call via CloudTrail";

    /** Compiled rules and their targets, valid while the store's generation stays the same. */
    private record Plan(long generation, Machine all, Machine mutating, Map<String, EventRule> rules,
            Map<String, List<Target>> targets) {}

    private final RuleStore rules;
    private final TargetDeliveries deliveries;
    private volatile Plan plan;

    RuleDispatcher(RuleStore rules, TargetDeliveries deliveries) {
        this.rules = rules;
        this.deliveries = deliveries;
    }

    @Override
    public void deliver(List<ObjectNode> envelopes) throws Exception {
        Plan current = plan();
        List<Delivery> out = new ArrayList<>();
        for (ObjectNode event : envelopes) {
            boolean readOnlyCall = API_CALL.equals(event.path("detail-type").asText())
                    && event.path("detail").path("readOnly").asBoolean(false);
            Machine machine = readOnlyCall ? current.all() : current.mutating();
            boolean aboutFailure = TargetDeliveries.FAILURE_SOURCE.equals(event.path("source").asText());
            for (String name : machine.rulesForJSONEvent(event)) {
                EventRule rule = current.rules().get(name);
                for (Target target : current.targets().getOrDefault(name, List.of())) {
                    out.add(deliveries.newDelivery(event.path("id").asText(), aboutFailure, rule.arn(), target,
                            TargetInput.render(target, event, rule.arn(), rule.name())));
                }
            }
        }
        deliveries.enqueue(out);
    }

    /** Without a rule that has targets, no event needs reading. */
    @Override
    public boolean idle() {
        try {
            return plan().rules().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private Plan plan() throws IOException {
        long generation = rules.generation();
        Plan current = plan;
        if (current != null && current.generation() == generation) {
            return current;
        }
        Machine all = new Machine();
        Machine mutating = new Machine();
        Map<String, EventRule> byName = new HashMap<>();
        Map<String, List<Target>> targets = new HashMap<>();
        for (EventRule rule : rules.list(DEFAULT_BUS)) {
            if (rule.state().equals("DISABLED")) {
                continue;
            }
            List<Target> ruleTargets = rules.targets(DEFAULT_BUS, rule.name());
            if (ruleTargets.isEmpty()) {
                continue;
            }
            byName.put(rule.name(), rule);
            targets.put(rule.name(), ruleTargets);
            mutating.addRule(rule.name(), rule.eventPattern());
            if (rule.state().equals("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS")) {
                all.addRule(rule.name(), rule.eventPattern());
            }
        }
        Plan fresh = new Plan(generation, all, mutating, byName, targets);
        plan = fresh;
        return fresh;
    }
}
