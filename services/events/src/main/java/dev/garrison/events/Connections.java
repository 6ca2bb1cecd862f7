package dev.garrison.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.garrison.api.events.Connection;
import dev.garrison.api.events.ConnectionApiKeyAuthResponseParameters;
import dev.garrison.api.events.ConnectionAuthResponseParameters;
import dev.garrison.api.events.ConnectionBasicAuthResponseParameters;
import dev.garrison.api.events.ConnectionBodyParameter;
import dev.garrison.api.events.ConnectionHeaderParameter;
import dev.garrison.api.events.ConnectionHttpParameters;
import dev.garrison.api.events.ConnectionQueryStringParameter;
import dev.garrison.api.events.CreateConnectionAuthRequestParameters;
import dev.garrison.api.events.CreateConnectionRequest;
import dev.garrison.api.events.CreateConnectionResponse;
import dev.garrison.api.events.DeleteConnectionRequest;
import dev.garrison.api.events.DeleteConnectionResponse;
import dev.garrison.api.events.DescribeConnectionRequest;
import dev.garrison.api.events.DescribeConnectionResponse;
import dev.garrison.api.events.ListConnectionsRequest;
import dev.garrison.api.events.ListConnectionsResponse;
import dev.garrison.api.events.ResourceAlreadyExistsException;
import dev.garrison.api.events.ResourceNotFoundException;
import dev.garrison.platform.barrier.Barrier;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.NamePages;
import dev.garrison.platform.core.CommonErrors;
import dev.garrison.platform.storage.Row;
import dev.garrison.platform.storage.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Connections: how API destinations authorize (Basic or an API key header, plus extra headers,
 * query parameters and body fields). The authorization parameters, secrets included, are sealed
 * by the barrier; descriptions show them without their secret values, as EventBridge does.
 */
final class Connections {
    private static final String TABLE = "events_connections";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A stored connection with its authorization opened. */
    record Stored(String name, String arn, String authorizationType, @Nullable String description, Instant created,
            CreateConnectionAuthRequestParameters auth) {}

    private final Store store;
    private final Barrier barrier;
    private final Clock clock;

    Connections(Store store, Barrier barrier, Clock clock) {
        this.store = store;
        this.barrier = barrier;
        this.clock = clock;
    }

    CreateConnectionResponse create(CallContext call, CreateConnectionRequest request) {
        CreateConnectionAuthRequestParameters auth = request.authParameters();
        check(request.authorizationType(), auth);
        if (request.invocationConnectivityParameters() != null || auth.connectivityParameters() != null) {
            throw unsupported("Connectivity parameters (private resources) are not supported here.");
        }
        if (request.kmsKeyIdentifier() != null) {
            throw unsupported("KmsKeyIdentifier is not supported here; connection secrets are sealed by Garrison's barrier.");
        }
        Instant now = clock.instant();
        String arn = "arn:aws:events:" + call.region() + ":" + call.principal().accountId() + ":connection/"
                + request.name() + "/" + UUID.randomUUID();
        ObjectNode value = JSON.createObjectNode().put("name", request.name()).put("arn", arn)
                .put("authorizationType", request.authorizationType()).put("description", request.description())
                .put("created", now.toString());
        value.put("auth", Base64.getEncoder().encodeToString(barrier.seal(bytes(auth.toTree()), aad(request.name()))));
        boolean added = store.write(tx -> tx.insert(TABLE, new Row(request.name(), Map.of(), bytes(value))));
        if (!added) {
            throw new ResourceAlreadyExistsException("Connection " + request.name() + " already exists.");
        }
        return CreateConnectionResponse.builder().connectionArn(arn).connectionState("AUTHORIZED").creationTime(now)
                .lastModifiedTime(now).build();
    }

    DescribeConnectionResponse describe(DescribeConnectionRequest request) {
        Stored c = require(request.name());
        return DescribeConnectionResponse.builder().name(c.name()).connectionArn(c.arn()).connectionState("AUTHORIZED")
                .authorizationType(c.authorizationType()).description(c.description()).creationTime(c.created())
                .lastModifiedTime(c.created()).lastAuthorizedTime(c.created()).authParameters(visible(c.auth())).build();
    }

    ListConnectionsResponse list(ListConnectionsRequest request) {
        String prefix = request.namePrefix() == null ? "" : request.namePrefix();
        List<Stored> all = store.all(TABLE).stream().map(this::read).filter(c -> c.name().startsWith(prefix))
                .filter(c -> request.connectionState() == null || request.connectionState().equals("AUTHORIZED")).toList();
        NamePages.Page<Stored> page = NamePages.page(all, Stored::name, request.nextToken(), request.limit(), 100,
                EventsService::invalidToken);
        return ListConnectionsResponse.builder().nextToken(page.next())
                .connections(page.items().stream().map(c -> Connection.builder().name(c.name()).connectionArn(c.arn())
                        .connectionState("AUTHORIZED").authorizationType(c.authorizationType()).creationTime(c.created())
                        .lastModifiedTime(c.created()).lastAuthorizedTime(c.created()).build()).toList())
                .build();
    }

    DeleteConnectionResponse delete(DeleteConnectionRequest request) {
        Stored c = require(request.name());
        store.write(tx -> tx.delete(TABLE, request.name()));
        return DeleteConnectionResponse.builder().connectionArn(c.arn()).connectionState("DELETING")
                .creationTime(c.created()).lastModifiedTime(clock.instant()).lastAuthorizedTime(c.created()).build();
    }

    /** The connection named by {@code arn}, or null when there is none (or it was replaced). */
    @Nullable Stored byArn(String arn) {
        return EventsArns.resolve(arn, "connection", this::byName, Stored::arn);
    }

    /** The connection of this name, or null. */
    @Nullable Stored byName(String name) {
        Row row = store.get(TABLE, name);
        return row == null ? null : read(row);
    }

    private Stored require(String name) {
        Stored found = byName(name);
        if (found == null) {
            throw new ResourceNotFoundException("Failed to describe the connection(s). Connection '" + name
                    + "' does not exist.");
        }
        return found;
    }

    private static void check(String type, CreateConnectionAuthRequestParameters auth) {
        switch (type) {
            case "BASIC" -> {
                if (auth.basicAuthParameters() == null || auth.apiKeyAuthParameters() != null || auth.oAuthParameters() != null) {
                    throw CommonErrors.of(CommonErrors.Kind.VALIDATION,
                            "BasicAuthParameters, and only they, must be specified for authorization type BASIC.");
                }
            }
            case "API_KEY" -> {
                if (auth.apiKeyAuthParameters() == null || auth.basicAuthParameters() != null || auth.oAuthParameters() != null) {
                    throw CommonErrors.of(CommonErrors.Kind.VALIDATION,
                            "ApiKeyAuthParameters, and only they, must be specified for authorization type API_KEY.");
                }
            }
            default -> throw unsupported("Authorization type " + type + " is not supported here; use BASIC or API_KEY.");
        }
    }

    /** The parameters as DescribeConnection shows them: names, and values only where they are not secret. */
    private static ConnectionAuthResponseParameters visible(CreateConnectionAuthRequestParameters auth) {
        ConnectionHttpParameters http = auth.invocationHttpParameters();
        return ConnectionAuthResponseParameters.builder()
                .basicAuthParameters(auth.basicAuthParameters() == null ? null : ConnectionBasicAuthResponseParameters
                        .builder().username(auth.basicAuthParameters().username()).build())
                .apiKeyAuthParameters(auth.apiKeyAuthParameters() == null ? null : ConnectionApiKeyAuthResponseParameters
                        .builder().apiKeyName(auth.apiKeyAuthParameters().apiKeyName()).build())
                .invocationHttpParameters(http == null ? null : ConnectionHttpParameters.builder()
                        .headerParameters(http.headerParameters() == null ? null : http.headerParameters().stream()
                                .map(p -> ConnectionHeaderParameter.builder().key(p.key()).isValueSecret(p.isValueSecret())
                                        .value(Boolean.TRUE.equals(p.isValueSecret()) ? null : p.value()).build()).toList())
                        .queryStringParameters(http.queryStringParameters() == null ? null : http.queryStringParameters()
                                .stream().map(p -> ConnectionQueryStringParameter.builder().key(p.key())
                                        .isValueSecret(p.isValueSecret())
                                        .value(Boolean.TRUE.equals(p.isValueSecret()) ? null : p.value()).build()).toList())
                        .bodyParameters(http.bodyParameters() == null ? null : http.bodyParameters().stream()
                                .map(p -> ConnectionBodyParameter.builder().key(p.key()).isValueSecret(p.isValueSecret())
                                        .value(Boolean.TRUE.equals(p.isValueSecret()) ? null : p.value()).build()).toList())
                        .build())
                .build();
    }

    @SuppressWarnings("unchecked")
    private Stored read(Row row) {
        try {
            JsonNode v = JSON.readTree(row.value());
            byte[] auth = barrier.open(Base64.getDecoder().decode(v.get("auth").asText()), aad(row.id()));
            return new Stored(v.get("name").asText(), v.get("arn").asText(), v.get("authorizationType").asText(),
                    v.get("description").isNull() ? null : v.get("description").asText(),
                    Instant.parse(v.get("created").asText()),
                    CreateConnectionAuthRequestParameters.fromTree(JSON.readValue(auth, Map.class)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String aad(String name) {
        return TABLE + "/" + name;
    }

    private static RuntimeException unsupported(String message) {
        return CommonErrors.of(CommonErrors.Kind.VALIDATION, message);
    }

    private static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
