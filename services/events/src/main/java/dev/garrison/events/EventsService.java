package dev.garrison.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.garrison.api.events.DeleteRuleRequest;
import dev.garrison.api.events.DescribeRuleRequest;
import dev.garrison.api.events.DescribeRuleResponse;
import dev.garrison.api.events.DisableRuleRequest;
import dev.garrison.api.events.EnableRuleRequest;
import dev.garrison.api.events.EventsApi;
import dev.garrison.api.events.ListRulesRequest;
import dev.garrison.api.events.ListRulesResponse;
import dev.garrison.api.events.PutRuleRequest;
import dev.garrison.api.events.PutRuleResponse;
import dev.garrison.api.events.ResourceNotFoundException;
import dev.garrison.api.events.Rule;
import dev.garrison.api.events.TestEventPatternRequest;
import dev.garrison.api.events.TestEventPatternResponse;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.CommonErrors;
import dev.garrison.platform.core.OperationResources;
import dev.garrison.platform.storage.Row;
import dev.garrison.platform.storage.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * EventBridge on the default bus: rules with event patterns (stored, enabled and disabled,
 * listed) and TestEventPattern, matched by AWS's event-ruler. Targets and PutEvents are not
 * served yet; scheduled rules are refused rather than stored to never run.
 */
public final class EventsService implements EventsApi, OperationResources {
    private static final String TABLE = "events_rules";
    private static final String DEFAULT_BUS = "default";
    private static final int DEFAULT_LIMIT = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;

    /** {@code store} is the store migrated from {@code db/events}. */
    public EventsService(Store store) {
        this.store = store;
    }

    @Override
    public @Nullable String resourceArn(CallContext call, String operation, Map<String, Object> request) {
        return request.get("Name") instanceof String rule ? ruleArn(call, rule) : "*";
    }

    @Override
    public PutRuleResponse putRule(CallContext call, PutRuleRequest request) {
        String bus = bus(request.eventBusName());
        if (request.scheduleExpression() != null) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "Garrison does not run scheduled rules yet;"
                    + " ScheduleExpression is not supported.");
        }
        if (request.eventPattern() == null) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION,
                    "Parameter(s) EventPattern or ScheduleExpression must be specified.");
        }
        EventPatterns.check(request.eventPattern());
        EventRule rule = new EventRule(request.name(), bus, ruleArn(call, request.name()), request.eventPattern(),
                request.state() == null ? "ENABLED" : request.state(), request.description(), request.roleArn());
        store.write(tx -> {
            tx.put(TABLE, row(rule));
            return null;
        });
        return PutRuleResponse.builder().ruleArn(rule.arn()).build();
    }

    @Override
    public DescribeRuleResponse describeRule(CallContext call, DescribeRuleRequest request) {
        EventRule rule = existing(bus(request.eventBusName()), request.name());
        return DescribeRuleResponse.builder().name(rule.name()).arn(rule.arn()).eventBusName(rule.bus())
                .eventPattern(rule.eventPattern()).state(rule.state()).description(rule.description())
                .roleArn(rule.roleArn()).createdBy(call.principal().accountId()).build();
    }

    @Override
    public ListRulesResponse listRules(CallContext call, ListRulesRequest request) {
        String bus = bus(request.eventBusName());
        String prefix = request.namePrefix() == null ? "" : request.namePrefix();
        String after = request.nextToken() == null ? null : decode(request.nextToken());
        int limit = request.limit() == null ? DEFAULT_LIMIT : request.limit();
        List<EventRule> rules = store.find(TABLE, "bus", bus).stream().map(EventsService::read)
                .filter(r -> r.name().startsWith(prefix)).filter(r -> after == null || r.name().compareTo(after) > 0)
                .toList();
        List<EventRule> page = rules.stream().limit(limit).toList();
        return ListRulesResponse.builder()
                .rules(page.stream().map(r -> Rule.builder().name(r.name()).arn(r.arn()).eventBusName(r.bus())
                        .eventPattern(r.eventPattern()).state(r.state()).description(r.description())
                        .roleArn(r.roleArn()).build()).toList())
                .nextToken(rules.size() > limit ? encode(page.getLast().name()) : null)
                .build();
    }

    @Override
    public void deleteRule(CallContext call, DeleteRuleRequest request) {
        String bus = bus(request.eventBusName());
        store.write(tx -> tx.delete(TABLE, bus + "/" + request.name()));
    }

    @Override
    public void enableRule(CallContext call, EnableRuleRequest request) {
        setState(bus(request.eventBusName()), request.name(), "ENABLED");
    }

    @Override
    public void disableRule(CallContext call, DisableRuleRequest request) {
        setState(bus(request.eventBusName()), request.name(), "DISABLED");
    }

    @Override
    public TestEventPatternResponse testEventPattern(CallContext call, TestEventPatternRequest request) {
        return TestEventPatternResponse.builder().result(EventPatterns.matches(request.eventPattern(), request.event()))
                .build();
    }

    private void setState(String bus, String name, String state) {
        store.write(tx -> {
            Row row = tx.get(TABLE, bus + "/" + name);
            if (row == null) {
                throw notFound(bus, name);
            }
            EventRule rule = read(row);
            tx.put(TABLE, row(new EventRule(rule.name(), rule.bus(), rule.arn(), rule.eventPattern(), state,
                    rule.description(), rule.roleArn())));
            return null;
        });
    }

    private EventRule existing(String bus, String name) {
        Row row = store.get(TABLE, bus + "/" + name);
        if (row == null) {
            throw notFound(bus, name);
        }
        return read(row);
    }

    /** Only the default bus exists here; it may be named or given by ARN. */
    private static String bus(@Nullable String name) {
        if (name == null || name.equals(DEFAULT_BUS) || name.startsWith("arn:") && name.endsWith(":event-bus/default")) {
            return DEFAULT_BUS;
        }
        throw new ResourceNotFoundException("Event bus " + name + " does not exist.");
    }

    private static String ruleArn(CallContext call, String name) {
        return "arn:aws:events:" + call.region() + ":" + call.principal().accountId() + ":rule/" + name;
    }

    private static ResourceNotFoundException notFound(String bus, String name) {
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
        try {
            return new Row(rule.bus() + "/" + rule.name(), Map.of("bus", rule.bus()), JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    private static String encode(String name) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "The NextToken is not valid.");
        }
    }
}
