package dev.garrison.platform.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An AWS service model at run time: what the protocol layer needs to route, decode and encode
 * (protocol, target prefix, HTTP bindings, shapes and their wire names). The generator copied it
 * next to the service's generated classes as {@code dev/garrison/models/NAME.json}.
 */
public final class ServiceModel {
    private final String name;
    private final Protocol protocol;
    private final @Nullable String targetPrefix;
    private final @Nullable String jsonVersion;
    private final String signingName;
    private final String endpointPrefix;
    private final @Nullable String xmlNamespace;
    private final String apiVersion;
    private final Map<String, OperationModel> operations;
    private final Map<String, ShapeModel> shapes;

    private ServiceModel(String name, JsonNode root) {
        JsonNode meta = root.get("metadata");
        this.name = name;
        this.protocol = Protocol.of(meta.get("protocol").asText());
        this.targetPrefix = text(meta, "targetPrefix");
        this.jsonVersion = text(meta, "jsonVersion");
        this.endpointPrefix = meta.get("endpointPrefix").asText();
        this.signingName = meta.has("signingName") ? meta.get("signingName").asText() : endpointPrefix;
        this.xmlNamespace = text(meta, "xmlNamespace");
        this.apiVersion = meta.get("apiVersion").asText();
        Map<String, ShapeModel> shapes = new HashMap<>();
        root.get("shapes").properties().forEach(e -> shapes.put(e.getKey(), ShapeModel.of(e.getKey(), e.getValue())));
        this.shapes = Map.copyOf(shapes);
        Map<String, OperationModel> operations = new LinkedHashMap<>();
        root.get("operations").properties().forEach(e -> operations.put(e.getKey(), OperationModel.of(e.getKey(), e.getValue())));
        this.operations = java.util.Collections.unmodifiableMap(operations);
    }

    /** Loads the model the generator copied onto the class path of {@code owner}. */
    public static ServiceModel load(String name, ClassLoader owner) {
        String resource = "dev/garrison/models/" + name + ".json";
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("model resource " + resource + " is not on the class path");
            }
            return new ServiceModel(name, new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static @Nullable String text(JsonNode node, String field) {
        return node.has(field) ? node.get(field).asText() : null;
    }

    public String name() {
        return name;
    }

    public Protocol protocol() {
        return protocol;
    }

    public @Nullable String targetPrefix() {
        return targetPrefix;
    }

    /** The JSON protocol version, {@code 1.0} or {@code 1.1}, for the content type. */
    public String jsonVersion() {
        return jsonVersion == null ? "1.1" : jsonVersion;
    }

    /** The service name in SigV4 credential scopes ({@code kms}, {@code elasticloadbalancing}). */
    public String signingName() {
        return signingName;
    }

    /** The service's name in CloudTrail's {@code eventSource}: {@code kms.amazonaws.com}. */
    public String eventSource() {
        return endpointPrefix + ".amazonaws.com";
    }

    public @Nullable String xmlNamespace() {
        return xmlNamespace;
    }

    public String apiVersion() {
        return apiVersion;
    }

    public Map<String, OperationModel> operations() {
        return operations;
    }

    public @Nullable OperationModel operation(String name) {
        return operations.get(name);
    }

    /** The shape with this name, or null. */
    public @Nullable ShapeModel findShape(String name) {
        return shapes.get(name);
    }

    public ShapeModel shape(String name) {
        ShapeModel shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalStateException(this.name + " has no shape " + name);
        }
        return shape;
    }
}
