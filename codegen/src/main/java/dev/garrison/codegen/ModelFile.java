package dev.garrison.codegen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One AWS service model as the generator sees it: shapes, operations and metadata. */
record ModelFile(String service, JsonNode metadata, Map<String, Shape> shapes, Map<String, Op> operations) {

    /** A shape: its type, its constraints, and for aggregates the shapes it refers to. */
    record Shape(
            String name,
            String type,
            Map<String, Member> members,
            List<String> required,
            String listMember,
            String mapKey,
            String mapValue,
            Number min,
            Number max,
            String pattern,
            List<String> enumValues,
            boolean sensitive,
            boolean exception,
            String errorCode,
            int httpStatus,
            boolean senderFault) {

        boolean isStructure() {
            return type.equals("structure");
        }
    }

    /** A member of a structure: its name, the shape it holds, its wire binding. */
    record Member(String name, String target, String location, String locationName) {}

    /** An operation with its input, output and declared errors. */
    record Op(String name, String input, String output, List<String> errors) {}

    static ModelFile read(String service, Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        Map<String, Shape> shapes = new TreeMap<>();
        root.get("shapes").properties().forEach(e -> shapes.put(e.getKey(), shape(e.getKey(), e.getValue())));
        Map<String, Op> operations = new TreeMap<>();
        root.get("operations").properties().forEach(e -> {
            JsonNode op = e.getValue();
            List<String> errors = new ArrayList<>();
            op.path("errors").forEach(err -> errors.add(err.get("shape").asText()));
            operations.put(e.getKey(), new Op(e.getKey(), shapeRef(op.get("input")), shapeRef(op.get("output")), errors));
        });
        return new ModelFile(service, root.get("metadata"), shapes, operations);
    }

    private static String shapeRef(JsonNode ref) {
        return ref == null ? null : ref.get("shape").asText();
    }

    private static Shape shape(String name, JsonNode node) {
        Map<String, Member> members = new LinkedHashMap<>();
        node.path("members").properties().forEach(e -> members.put(e.getKey(), new Member(
                e.getKey(),
                e.getValue().get("shape").asText(),
                text(e.getValue(), "location"),
                text(e.getValue(), "locationName"))));
        List<String> required = new ArrayList<>();
        node.path("required").forEach(r -> required.add(r.asText()));
        List<String> enumValues = new ArrayList<>();
        node.path("enum").forEach(v -> enumValues.add(v.asText()));
        JsonNode error = node.path("error");
        return new Shape(
                name,
                node.get("type").asText(),
                members,
                required,
                node.has("member") ? node.get("member").get("shape").asText() : null,
                node.has("key") ? node.get("key").get("shape").asText() : null,
                node.has("value") ? node.get("value").get("shape").asText() : null,
                node.has("min") ? node.get("min").numberValue() : null,
                node.has("max") ? node.get("max").numberValue() : null,
                text(node, "pattern"),
                enumValues,
                node.path("sensitive").asBoolean(false),
                node.path("exception").asBoolean(false),
                error.has("code") ? error.get("code").asText() : name,
                error.has("httpStatusCode") ? error.get("httpStatusCode").asInt() : (node.path("fault").asBoolean() ? 500 : 400),
                !node.path("fault").asBoolean(false) || error.path("senderFault").asBoolean(false));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null ? null : value.asText();
    }

    Shape shape(String name) {
        Shape shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalStateException(service + ": unknown shape " + name);
        }
        return shape;
    }
}
