package dev.garrison.platform.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.garrison.platform.core.CommonErrors;
import dev.garrison.platform.model.MemberModel;
import dev.garrison.platform.model.ServiceModel;
import dev.garrison.platform.model.ShapeModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Reads JSON into the shape tree and writes the tree as JSON, as AWS's JSON protocols encode shapes. */
final class JsonShapes {
    /**
     * Calls run on virtual threads, each new: Jackson's default per-thread buffer pool would
     * allocate fresh buffers for every call, so they come from one shared pool instead.
     */
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private JsonShapes() {}

    /** Parses a JSON body; an empty body is an empty object. */
    static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return MAPPER.createObjectNode();
        }
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonNode node = MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                throw CommonErrors.serialization("Unexpected content after the JSON document.");
            }
            return node == null ? MAPPER.createObjectNode() : node;
        } catch (IOException e) {
            throw CommonErrors.serialization("The request body is not valid JSON"
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null
                            ? " (line " + p.getLocation().getLineNr() + ", column " + p.getLocation().getColumnNr() + ")."
                            : "."));
        }
    }

    /** Reads the members of {@code shape} found in {@code node} that {@code include} accepts. */
    static Map<String, Object> readStructure(ServiceModel model, ShapeModel shape, JsonNode node, String path,
            Predicate<MemberModel> include) {
        if (!node.isObject()) {
            throw mismatch(path.isEmpty() ? "the request body" : path, "an object", node);
        }
        Map<String, Object> tree = new LinkedHashMap<>();
        for (MemberModel member : shape.members().values()) {
            if (!include.test(member)) {
                continue;
            }
            JsonNode value = node.get(member.wireName());
            if (value != null && !value.isNull()) {
                tree.put(member.name(), read(model, member.shape(), value, join(path, member.wireName())));
            }
        }
        return tree;
    }

    static Object read(ServiceModel model, String shapeName, JsonNode node, String path) {
        ShapeModel shape = model.shape(shapeName);
        switch (shape.type()) {
            case "structure" -> {
                return readStructure(model, shape, node, path, m -> true);
            }
            case "list" -> {
                if (!node.isArray()) {
                    throw mismatch(path, "a list", node);
                }
                List<Object> out = new ArrayList<>(node.size());
                int i = 0;
                for (JsonNode element : node) {
                    out.add(element.isNull() ? null : read(model, shape.listMember().shape(), element, path + "[" + i++ + "]"));
                }
                return out;
            }
            case "map" -> {
                if (!node.isObject()) {
                    throw mismatch(path, "a map", node);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                node.properties().forEach(e -> out.put(e.getKey(),
                        e.getValue().isNull() ? null : read(model, shape.mapValue().shape(), e.getValue(), path + "." + e.getKey())));
                return out;
            }
            case "string" -> {
                if (!node.isTextual()) {
                    throw mismatch(path, "a string", node);
                }
                return node.textValue();
            }
            case "integer" -> {
                if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                    throw mismatch(path, "an integer", node);
                }
                return node.intValue();
            }
            case "long" -> {
                if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                    throw mismatch(path, "a long integer", node);
                }
                return node.longValue();
            }
            case "double", "float" -> {
                if (!node.isNumber()) {
                    throw mismatch(path, "a number", node);
                }
                return node.doubleValue();
            }
            case "boolean" -> {
                if (!node.isBoolean()) {
                    throw mismatch(path, "a boolean", node);
                }
                return node.booleanValue();
            }
            case "blob" -> {
                if (!node.isTextual()) {
                    throw mismatch(path, "a base64-encoded string", node);
                }
                try {
                    return Base64.getMimeDecoder().decode(node.textValue());
                } catch (IllegalArgumentException e) {
                    throw CommonErrors.serialization("Value at '" + path + "' is not valid base64.");
                }
            }
            case "timestamp" -> {
                if (node.isNumber()) {
                    return epochSeconds(node.decimalValue(), path);
                }
                if (node.isTextual()) {
                    try {
                        return Instant.parse(node.textValue());
                    } catch (DateTimeParseException e) {
                        throw CommonErrors.serialization("Value at '" + path + "' is not a valid timestamp.");
                    }
                }
                throw mismatch(path, "a timestamp", node);
            }
            default -> throw new IllegalStateException("unsupported shape type " + shape.type());
        }
    }

    private static Instant epochSeconds(BigDecimal seconds, String path) {
        try {
            long whole = seconds.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
            long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
            return Instant.ofEpochSecond(whole, nanos);
        } catch (ArithmeticException | java.time.DateTimeException e) {
            throw CommonErrors.serialization("Value at '" + path + "' is not a valid timestamp.");
        }
    }

    private static RuntimeException mismatch(String path, String expected, JsonNode found) {
        return CommonErrors.serialization("Expected " + expected + " at '" + path + "' but found "
                + found.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ".");
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** Writes plain fields (strings, numbers, lists, maps) as a JSON object. */
    static byte[] writeObject(Map<String, Object> fields) {
        try {
            return MAPPER.writeValueAsBytes(fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the members of a structure tree that {@code include} accepts as a JSON object. */
    static byte[] writeStructure(ServiceModel model, ShapeModel shape, Map<String, Object> tree,
            Predicate<MemberModel> include, Map<String, Object> extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            for (Map.Entry<String, Object> e : extra.entrySet()) {
                json.writeFieldName(e.getKey());
                json.writeObject(e.getValue());
            }
            writeMembers(json, model, shape, tree, include);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeMembers(JsonGenerator json, ServiceModel model, ShapeModel shape, Map<String, Object> tree,
            Predicate<MemberModel> include) throws IOException {
        for (MemberModel member : shape.members().values()) {
            Object value = tree.get(member.name());
            if (value != null && include.test(member)) {
                json.writeFieldName(member.wireName());
                write(json, model, member.shape(), value);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void write(JsonGenerator json, ServiceModel model, String shapeName, Object value) throws IOException {
        ShapeModel shape = model.shape(shapeName);
        switch (shape.type()) {
            case "structure" -> {
                json.writeStartObject();
                writeMembers(json, model, shape, (Map<String, Object>) value, m -> true);
                json.writeEndObject();
            }
            case "list" -> {
                json.writeStartArray();
                for (Object element : (List<Object>) value) {
                    if (element == null) {
                        json.writeNull();
                    } else {
                        write(json, model, shape.listMember().shape(), element);
                    }
                }
                json.writeEndArray();
            }
            case "map" -> {
                json.writeStartObject();
                for (Map.Entry<String, Object> e : ((Map<String, Object>) value).entrySet()) {
                    json.writeFieldName(e.getKey());
                    if (e.getValue() == null) {
                        json.writeNull();
                    } else {
                        write(json, model, shape.mapValue().shape(), e.getValue());
                    }
                }
                json.writeEndObject();
            }
            case "blob" -> json.writeString(Base64.getEncoder().encodeToString((byte[]) value));
            case "timestamp" -> json.writeNumber(BigDecimal.valueOf(((Instant) value).toEpochMilli(), 3));
            case "integer" -> json.writeNumber(((Number) value).intValue());
            case "long" -> json.writeNumber(((Number) value).longValue());
            case "double", "float" -> json.writeNumber(((Number) value).doubleValue());
            case "boolean" -> json.writeBoolean((Boolean) value);
            default -> json.writeString(value.toString());
        }
    }
}
