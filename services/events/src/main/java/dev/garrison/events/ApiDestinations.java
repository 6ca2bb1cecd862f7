package dev.garrison.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.garrison.api.events.ApiDestination;
import dev.garrison.api.events.CreateApiDestinationRequest;
import dev.garrison.api.events.CreateApiDestinationResponse;
import dev.garrison.api.events.DeleteApiDestinationRequest;
import dev.garrison.api.events.DescribeApiDestinationRequest;
import dev.garrison.api.events.DescribeApiDestinationResponse;
import dev.garrison.api.events.ListApiDestinationsRequest;
import dev.garrison.api.events.ListApiDestinationsResponse;
import dev.garrison.api.events.ResourceAlreadyExistsException;
import dev.garrison.api.events.ResourceNotFoundException;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.NamePages;
import dev.garrison.platform.core.CommonErrors;
import dev.garrison.platform.storage.Row;
import dev.garrison.platform.storage.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * API destinations: HTTP endpoints that rules deliver to, each authorized by a connection. Unlike
 * AWS, plain {@code http://} endpoints are accepted too, since Garrison's webhooks are often local.
 */
final class ApiDestinations {
    /** EventBridge's default invocation rate limit per second. */
    static final int DEFAULT_RATE = 300;
    private static final String TABLE = "events_api_destinations";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A stored API destination. */
    record Stored(String name, String arn, String connectionArn, @Nullable String description, String httpMethod,
            String endpoint, int ratePerSecond, Instant created) {}

    private final Store store;
    private final Connections connections;
    private final Clock clock;

    ApiDestinations(Store store, Connections connections, Clock clock) {
        this.store = store;
        this.connections = connections;
        this.clock = clock;
    }

    CreateApiDestinationResponse create(CallContext call, CreateApiDestinationRequest request) {
        if (connections.byArn(request.connectionArn()) == null) {
            throw new ResourceNotFoundException("Connection '" + request.connectionArn() + "' does not exist.");
        }
        checkEndpoint(request.invocationEndpoint());
        Instant now = clock.instant();
        Stored destination = new Stored(request.name(), "arn:aws:events:" + call.region() + ":"
                + call.principal().accountId() + ":api-destination/" + request.name() + "/" + UUID.randomUUID(),
                request.connectionArn(), request.description(), request.httpMethod(), request.invocationEndpoint(),
                request.invocationRateLimitPerSecond() == null ? DEFAULT_RATE : request.invocationRateLimitPerSecond(), now);
        boolean added = store.write(tx -> tx.insert(TABLE, row(destination)));
        if (!added) {
            throw new ResourceAlreadyExistsException("An api-destination '" + request.name() + "' already exists.");
        }
        return CreateApiDestinationResponse.builder().apiDestinationArn(destination.arn()).apiDestinationState("ACTIVE")
                .creationTime(now).lastModifiedTime(now).build();
    }

    DescribeApiDestinationResponse describe(DescribeApiDestinationRequest request) {
        Stored d = require(request.name());
        return DescribeApiDestinationResponse.builder().name(d.name()).apiDestinationArn(d.arn())
                .apiDestinationState("ACTIVE").connectionArn(d.connectionArn()).description(d.description())
                .httpMethod(d.httpMethod()).invocationEndpoint(d.endpoint()).invocationRateLimitPerSecond(d.ratePerSecond())
                .creationTime(d.created()).lastModifiedTime(d.created()).build();
    }

    ListApiDestinationsResponse list(ListApiDestinationsRequest request) {
        String prefix = request.namePrefix() == null ? "" : request.namePrefix();
        List<Stored> all = store.all(TABLE).stream().map(ApiDestinations::read).filter(d -> d.name().startsWith(prefix))
                .filter(d -> request.connectionArn() == null || request.connectionArn().equals(d.connectionArn())).toList();
        NamePages.Page<Stored> page = NamePages.page(all, Stored::name, request.nextToken(), request.limit(), 100,
                EventsService::invalidToken);
        return ListApiDestinationsResponse.builder().nextToken(page.next())
                .apiDestinations(page.items().stream().map(d -> ApiDestination.builder().name(d.name())
                        .apiDestinationArn(d.arn()).apiDestinationState("ACTIVE").connectionArn(d.connectionArn())
                        .httpMethod(d.httpMethod()).invocationEndpoint(d.endpoint())
                        .invocationRateLimitPerSecond(d.ratePerSecond()).creationTime(d.created())
                        .lastModifiedTime(d.created()).build()).toList())
                .build();
    }

    void delete(DeleteApiDestinationRequest request) {
        require(request.name());
        store.write(tx -> tx.delete(TABLE, request.name()));
    }

    /** The destination named by {@code arn}, or null when there is none (or it was replaced). */
    @Nullable Stored byArn(String arn) {
        return EventsArns.resolve(arn, "api-destination", this::byName, Stored::arn);
    }

    /** The destination of this name, or null. */
    @Nullable Stored byName(String name) {
        Row row = store.get(TABLE, name);
        return row == null ? null : read(row);
    }

    private Stored require(String name) {
        Stored found = byName(name);
        if (found == null) {
            throw new ResourceNotFoundException("Failed to describe the api-destination(s). An api-destination '" + name
                    + "' does not exist.");
        }
        return found;
    }

    private static void checkEndpoint(String endpoint) {
        try {
            URI uri = new URI(endpoint.replace("*", "x"));
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new URISyntaxException(endpoint, "not an http or https URL with a host");
            }
        } catch (URISyntaxException e) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "InvocationEndpoint " + endpoint
                    + " is not valid: it must be an http:// or https:// URL with a host.");
        }
    }

    private static Row row(Stored d) {
        ObjectNode value = JSON.createObjectNode().put("name", d.name()).put("arn", d.arn())
                .put("connectionArn", d.connectionArn()).put("description", d.description())
                .put("httpMethod", d.httpMethod()).put("endpoint", d.endpoint()).put("ratePerSecond", d.ratePerSecond())
                .put("created", d.created().toString());
        try {
            return new Row(d.name(), Map.of("connection", EventsArns.name(d.connectionArn(), "connection")), JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stored read(Row row) {
        try {
            JsonNode v = JSON.readTree(row.value());
            return new Stored(v.get("name").asText(), v.get("arn").asText(), v.get("connectionArn").asText(),
                    v.get("description").isNull() ? null : v.get("description").asText(), v.get("httpMethod").asText(),
                    v.get("endpoint").asText(), v.get("ratePerSecond").asInt(), Instant.parse(v.get("created").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
