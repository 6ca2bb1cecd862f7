package dev.garrison.events;

import dev.garrison.api.events.CreateApiDestinationRequest;
import dev.garrison.api.events.CreateApiDestinationResponse;
import dev.garrison.api.events.CreateConnectionRequest;
import dev.garrison.api.events.CreateConnectionResponse;
import dev.garrison.api.events.DeleteApiDestinationRequest;
import dev.garrison.api.events.DeleteApiDestinationResponse;
import dev.garrison.api.events.DeleteConnectionRequest;
import dev.garrison.api.events.DeleteConnectionResponse;
import dev.garrison.api.events.DeleteRuleRequest;
import dev.garrison.api.events.DescribeApiDestinationRequest;
import dev.garrison.api.events.DescribeApiDestinationResponse;
import dev.garrison.api.events.DescribeConnectionRequest;
import dev.garrison.api.events.DescribeConnectionResponse;
import dev.garrison.api.events.DescribeRuleRequest;
import dev.garrison.api.events.DescribeRuleResponse;
import dev.garrison.api.events.DisableRuleRequest;
import dev.garrison.api.events.EnableRuleRequest;
import dev.garrison.api.events.EventsApi;
import dev.garrison.api.events.ListApiDestinationsRequest;
import dev.garrison.api.events.ListApiDestinationsResponse;
import dev.garrison.api.events.ListConnectionsRequest;
import dev.garrison.api.events.ListConnectionsResponse;
import dev.garrison.api.events.ListRulesRequest;
import dev.garrison.api.events.ListRulesResponse;
import dev.garrison.api.events.ListTargetsByRuleRequest;
import dev.garrison.api.events.ListTargetsByRuleResponse;
import dev.garrison.api.events.PutEventsRequest;
import dev.garrison.api.events.PutEventsResponse;
import dev.garrison.api.events.PutRuleRequest;
import dev.garrison.api.events.PutRuleResponse;
import dev.garrison.api.events.PutTargetsRequest;
import dev.garrison.api.events.PutTargetsResponse;
import dev.garrison.api.events.RemoveTargetsRequest;
import dev.garrison.api.events.RemoveTargetsResponse;
import dev.garrison.api.events.ResourceNotFoundException;
import dev.garrison.api.events.Rule;
import dev.garrison.api.events.TestEventPatternRequest;
import dev.garrison.api.events.TestEventPatternResponse;
import dev.garrison.platform.barrier.Barrier;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.NamePages;
import dev.garrison.platform.core.CommonErrors;
import dev.garrison.platform.core.OperationResources;
import dev.garrison.platform.events.EventBus;
import dev.garrison.platform.storage.Store;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * EventBridge on the default bus: rules with event patterns matched by AWS's event-ruler, their
 * targets (API destinations with their connections, and the operator's declared local commands),
 * PutEvents, and delivery of everything on Garrison's event bus (audit records included) to the
 * targets of matching rules. Scheduled rules and other buses are refused.
 */
public final class EventsService implements EventsApi, OperationResources, AutoCloseable {
    private static final String SUBSCRIBER = "events-rules";
    private static final int DEFAULT_LIMIT = 100;

    private final EventBus bus;
    private final RuleStore rules;
    private final Connections connections;
    private final ApiDestinations destinations;
    private final TargetDeliveries deliveries;
    private final TargetOperations targets;
    private final EventPublishing publishing;

    /**
     * {@code store} is the store migrated from {@code db/events}; {@code commands} are the local
     * commands the operator declared, by name.
     */
    public EventsService(Store store, EventBus bus, Barrier barrier, Clock clock, Map<String, LocalCommand> commands) {
        this.bus = bus;
        this.rules = new RuleStore(store);
        this.connections = new Connections(store, barrier, clock);
        this.destinations = new ApiDestinations(store, connections, clock);
        this.deliveries = new TargetDeliveries(store, bus, List.of(
                new ApiDestinationTarget(destinations, connections),
                new CommandTarget(commands)), clock);
        this.targets = new TargetOperations(rules, deliveries);
        this.publishing = new EventPublishing(bus, clock);
    }

    /** Starts taking events from the bus and delivering them, including what was pending at the last stop. */
    public void start() {
        deliveries.start();
        bus.subscribe(SUBSCRIBER, new RuleDispatcher(rules, deliveries));
    }

    @Override
    public @Nullable String resourceArn(CallContext call, String operation, Map<String, Object> request) {
        String prefix = "arn:aws:events:" + call.region() + ":" + call.principal().accountId() + ":";
        if (operation.equals("PutEvents")) {
            return prefix + "event-bus/" + RuleDispatcher.DEFAULT_BUS;
        }
        if (request.get("Rule") instanceof String rule) {
            return prefix + "rule/" + rule;
        }
        if (!(request.get("Name") instanceof String name)) {
            return "*";
        }
        if (operation.endsWith("Connection")) {
            Connections.Stored c = connections.byName(name);
            return c != null ? c.arn() : prefix + "connection/" + name;
        }
        if (operation.endsWith("ApiDestination")) {
            ApiDestinations.Stored d = destinations.byName(name);
            return d != null ? d.arn() : prefix + "api-destination/" + name;
        }
        return prefix + "rule/" + name;
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
        rules.put(rule);
        return PutRuleResponse.builder().ruleArn(rule.arn()).build();
    }

    @Override
    public DescribeRuleResponse describeRule(CallContext call, DescribeRuleRequest request) {
        EventRule rule = rules.require(bus(request.eventBusName()), request.name());
        return DescribeRuleResponse.builder().name(rule.name()).arn(rule.arn()).eventBusName(rule.bus())
                .eventPattern(rule.eventPattern()).state(rule.state()).description(rule.description())
                .roleArn(rule.roleArn()).createdBy(call.principal().accountId()).build();
    }

    @Override
    public ListRulesResponse listRules(CallContext call, ListRulesRequest request) {
        String prefix = request.namePrefix() == null ? "" : request.namePrefix();
        List<EventRule> matching = rules.list(bus(request.eventBusName())).stream()
                .filter(r -> r.name().startsWith(prefix)).toList();
        NamePages.Page<EventRule> page = NamePages.page(matching, EventRule::name, request.nextToken(), request.limit(),
                DEFAULT_LIMIT, EventsService::invalidToken);
        return ListRulesResponse.builder()
                .rules(page.items().stream().map(r -> Rule.builder().name(r.name()).arn(r.arn()).eventBusName(r.bus())
                        .eventPattern(r.eventPattern()).state(r.state()).description(r.description())
                        .roleArn(r.roleArn()).build()).toList())
                .nextToken(page.next())
                .build();
    }

    @Override
    public void deleteRule(CallContext call, DeleteRuleRequest request) {
        rules.delete(bus(request.eventBusName()), request.name(), Boolean.TRUE.equals(request.force()));
    }

    @Override
    public void enableRule(CallContext call, EnableRuleRequest request) {
        rules.setState(bus(request.eventBusName()), request.name(), "ENABLED");
    }

    @Override
    public void disableRule(CallContext call, DisableRuleRequest request) {
        rules.setState(bus(request.eventBusName()), request.name(), "DISABLED");
    }

    @Override
    public TestEventPatternResponse testEventPattern(CallContext call, TestEventPatternRequest request) {
        return TestEventPatternResponse.builder().result(EventPatterns.matches(request.eventPattern(), request.event()))
                .build();
    }

    @Override
    public PutTargetsResponse putTargets(CallContext call, PutTargetsRequest request) {
        return targets.put(call, bus(request.eventBusName()), request);
    }

    @Override
    public RemoveTargetsResponse removeTargets(CallContext call, RemoveTargetsRequest request) {
        return targets.remove(bus(request.eventBusName()), request);
    }

    @Override
    public ListTargetsByRuleResponse listTargetsByRule(CallContext call, ListTargetsByRuleRequest request) {
        return targets.list(bus(request.eventBusName()), request);
    }

    @Override
    public PutEventsResponse putEvents(CallContext call, PutEventsRequest request) {
        return publishing.put(call, request);
    }

    @Override
    public CreateConnectionResponse createConnection(CallContext call, CreateConnectionRequest request) {
        return connections.create(call, request);
    }

    @Override
    public DescribeConnectionResponse describeConnection(CallContext call, DescribeConnectionRequest request) {
        return connections.describe(request);
    }

    @Override
    public ListConnectionsResponse listConnections(CallContext call, ListConnectionsRequest request) {
        return connections.list(request);
    }

    @Override
    public DeleteConnectionResponse deleteConnection(CallContext call, DeleteConnectionRequest request) {
        return connections.delete(request);
    }

    @Override
    public CreateApiDestinationResponse createApiDestination(CallContext call, CreateApiDestinationRequest request) {
        return destinations.create(call, request);
    }

    @Override
    public DescribeApiDestinationResponse describeApiDestination(CallContext call, DescribeApiDestinationRequest request) {
        return destinations.describe(request);
    }

    @Override
    public ListApiDestinationsResponse listApiDestinations(CallContext call, ListApiDestinationsRequest request) {
        return destinations.list(request);
    }

    @Override
    public DeleteApiDestinationResponse deleteApiDestination(CallContext call, DeleteApiDestinationRequest request) {
        destinations.delete(request);
        return DeleteApiDestinationResponse.builder().build();
    }

    /** Only the default bus exists here; it may be named or given by ARN. */
    private static String bus(@Nullable String name) {
        if (name == null || name.equals(RuleDispatcher.DEFAULT_BUS)
                || name.startsWith("arn:") && name.endsWith(":event-bus/" + RuleDispatcher.DEFAULT_BUS)) {
            return RuleDispatcher.DEFAULT_BUS;
        }
        throw new ResourceNotFoundException("Event bus " + name + " does not exist.");
    }

    /** A NextToken that is not one of ours. */
    static RuntimeException invalidToken() {
        return CommonErrors.of(CommonErrors.Kind.VALIDATION, "The NextToken is not valid.");
    }

    private static String ruleArn(CallContext call, String name) {
        return "arn:aws:events:" + call.region() + ":" + call.principal().accountId() + ":rule/" + name;
    }

    /** Stops delivering; pending deliveries stay stored for the next start. */
    @Override
    public void close() {
        deliveries.close();
    }
}
