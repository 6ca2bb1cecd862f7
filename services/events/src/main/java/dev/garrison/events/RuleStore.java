package dev.garrison.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.garrison.api.events.LimitExceededException;
import dev.garrison.api.events.ResourceNotFoundException;
import dev.garrison.api.events.Target;
import dev.garrison.platform.core.CommonErrors;
import dev.garrison.platform.storage.Row;
import dev.garrison.platform.storage.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Rules and their targets in storage. A generation number moves with every change so the
 * dispatcher knows when to rebuild what it matches with.
 */
final class RuleStore {
    /** EventBridge's quota of targets per rule. */
    static final int MAX_TARGETS_PER_RULE = 5;
    private static final String RULES = "events_rules";
    private static final String TARGETS = "events_targets";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final AtomicLong generation = new AtomicLong();

    RuleStore(Store store) {
        this.store = store;
    }

    long generation() {
        return generation.get();
    }

    @Nullable EventRule get(String bus, String name) {
        Row row = store.get(RULES, bus + "/" + name);
        return row == null ? null : read(row);
    }

    EventRule require(String bus, String name) {
        EventRule rule = get(bus, name);
        if (rule == null) {
            throw notFound(bus, name);
        }
        return rule;
    }

    /** The bus's rules in name order. */
    List<EventRule> list(String bus) {
        return store.find(RULES, "bus", bus).stream().map(RuleStore::read).toList();
    }

    void put(EventRule rule) {
        store.write(tx -> {
            tx.put(RULES, row(rule));
            return null;
        });
        generation.incrementAndGet();
    }

    void setState(String bus, String name, String state) {
        store.write(tx -> {
            Row row = tx.get(RULES, bus + "/" + name);
            if (row == null) {
                throw notFound(bus, name);
            }
            EventRule rule = read(row);
            tx.put(RULES, row(new EventRule(rule.name(), rule.bus(), rule.arn(), rule.eventPattern(), state,
                    rule.description(), rule.roleArn())));
            return null;
        });
        generation.incrementAndGet();
    }

    /** Deletes a rule; one with targets only when {@code force}, and its targets with it. */
    void delete(String bus, String name, boolean force) {
        store.write(tx -> {
            List<Row> targets = store.find(TARGETS, "rule", bus + "/" + name);
            if (!targets.isEmpty() && !force) {
                throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "Rule can't be deleted since it has targets.");
            }
            targets.forEach(t -> tx.delete(TARGETS, t.id()));
            tx.delete(RULES, bus + "/" + name);
            return null;
        });
        generation.incrementAndGet();
    }

    /** The rule's targets in id order. */
    List<Target> targets(String bus, String name) {
        return store.find(TARGETS, "rule", bus + "/" + name).stream().map(RuleStore::target).toList();
    }

    /** Adds or replaces {@code targets} on an existing rule, within the per-rule quota. */
    void putTargets(String bus, String name, List<Target> targets) {
        store.write(tx -> {
            if (tx.get(RULES, bus + "/" + name) == null) {
                throw notFound(bus, name);
            }
            List<String> ids = new ArrayList<>(store.find(TARGETS, "rule", bus + "/" + name).stream().map(Row::id).toList());
            for (Target target : targets) {
                String id = bus + "/" + name + "/" + target.id();
                if (!ids.contains(id)) {
                    ids.add(id);
                }
                tx.put(TARGETS, new Row(id, Map.of("rule", bus + "/" + name), bytes(target.toTree())));
            }
            if (ids.size() > MAX_TARGETS_PER_RULE) {
                throw new LimitExceededException("The requested resource exceeds the maximum number allowed.");
            }
            return null;
        });
        generation.incrementAndGet();
    }

    /** Removes the targets with these ids; ids not on the rule are passed over, as EventBridge does. */
    void removeTargets(String bus, String name, List<String> targetIds) {
        store.write(tx -> {
            if (tx.get(RULES, bus + "/" + name) == null) {
                throw notFound(bus, name);
            }
            targetIds.forEach(id -> tx.delete(TARGETS, bus + "/" + name + "/" + id));
            return null;
        });
        generation.incrementAndGet();
    }

    static ResourceNotFoundException notFound(String bus, String name) {
        return new ResourceNotFoundException("Rule " + name + " does not exist on EventBus " + bus + ".");
    }

    private static Row row(EventRule rule) {
        ObjectNode value = JSON.createObjectNode().put("name", rule.name()).put("bus", rule.bus()).put("arn", rule.arn())
                .put("eventPattern", rule.eventPattern()).put("state", rule.state());
        if (rule.description() != null) {
            value.put("description", rule.description());
        }
        if (rule.roleArn() != null) {
            value.put("roleArn", rule.roleArn());
        }
        return new Row(rule.bus() + "/" + rule.name(), Map.of("bus", rule.bus()), bytes(value));
    }

    private static EventRule read(Row row) {
        try {
            JsonNode v = JSON.readTree(row.value());
            return new EventRule(v.get("name").asText(), v.get("bus").asText(), v.get("arn").asText(),
                    v.get("eventPattern").asText(), v.get("state").asText(),
                    v.has("description") ? v.get("description").asText() : null,
                    v.has("roleArn") ? v.get("roleArn").asText() : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Target target(Row row) {
        try {
            return Target.fromTree(JSON.readValue(row.value(), Map.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
