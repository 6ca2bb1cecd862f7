package dev.garrison.platform.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import dev.garrison.platform.core.AwsException;
import dev.garrison.platform.core.CommonErrors;
import dev.garrison.platform.core.CommonErrors.Kind;
import dev.garrison.platform.model.MemberModel;
import dev.garrison.platform.model.OperationModel;
import dev.garrison.platform.model.ServiceModel;
import dev.garrison.platform.model.ShapeModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** AWS REST-JSON: operations by method and URI template, members bound to path, query, headers and a JSON body. */
final class RestJsonCodec implements ProtocolCodec {
    private static final Set<String> MEDIA_TYPES = Set.of("", "application/json", "application/x-amz-json-1.1");

    private final ServiceModel model;
    private final List<RestRoute> routes;

    RestJsonCodec(ServiceModel model) {
        this.model = model;
        List<RestRoute> all = new ArrayList<>();
        model.operations().values().forEach(op -> all.add(new RestRoute(op)));
        all.sort(Comparator.comparingInt(RestRoute::literals).reversed());
        this.routes = List.copyOf(all);
    }

    @Override
    public OperationModel operation(ApiRequest request) {
        return route(request).operation;
    }

    private RestRoute route(ApiRequest request) {
        List<String> segments = segments(request.rawPath());
        boolean pathKnown = false;
        for (RestRoute route : routes) {
            if (route.match(segments) != null) {
                pathKnown = true;
                if (route.operation.httpMethod().equals(request.method())) {
                    return route;
                }
            }
        }
        throw CommonErrors.of(Kind.UNKNOWN_OPERATION, pathKnown
                ? "Method " + Printable.of(request.method()) + " is not allowed on " + Printable.of(request.rawPath()) + "."
                : "No operation of " + model.name() + " matches " + Printable.of(request.method()) + " "
                        + Printable.of(request.rawPath()) + ".");
    }

    private static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String part : rawPath.split("/")) {
            if (!part.isEmpty()) {
                out.add(FormParameters.decodePart(part.replace("+", "%2B")));
            }
        }
        return out;
    }

    @Override
    public Map<String, Object> decode(ApiRequest request, OperationModel operation) {
        if (operation.input() == null) {
            return Map.of();
        }
        ShapeModel input = model.shape(operation.input());
        Map<String, String> labels = route(request).match(segments(request.rawPath()));
        Map<String, List<String>> query = query(request.rawQuery());
        Map<String, Object> tree = new LinkedHashMap<>();
        for (MemberModel member : input.members().values()) {
            ShapeModel shape = model.shape(member.shape());
            Object value = switch (member.location() == null ? "" : member.location()) {
                case "uri" -> labels.containsKey(member.wireName())
                        ? TextValues.parse(shape, labels.get(member.wireName()), member.wireName()) : null;
                case "querystring" -> queryValue(shape, member, query);
                case "header" -> headerValue(shape, member, request);
                case "headers" -> prefixedHeaders(member, request);
                default -> null;
            };
            if (value != null) {
                tree.put(member.name(), value);
            }
        }
        if (request.body().length > 0 && !MEDIA_TYPES.contains(request.mediaType())) {
            throw CommonErrors.of(Kind.UNSUPPORTED_MEDIA_TYPE, "Content-Type '" + Printable.of(request.mediaType())
                    + "' is not supported; send application/json.");
        }
        if (input.payload() != null) {
            MemberModel payload = input.members().get(input.payload());
            ShapeModel shape = model.shape(payload.shape());
            if (request.body().length > 0) {
                tree.put(payload.name(), switch (shape.type()) {
                    case "blob" -> request.body();
                    case "string" -> new String(request.body(), UTF_8);
                    default -> JsonShapes.read(model, payload.shape(), JsonShapes.parse(request.body()), payload.wireName());
                });
            }
        } else {
            JsonNode body = JsonShapes.parse(request.body());
            tree.putAll(JsonShapes.readStructure(model, input, body, "", m -> m.location() == null));
        }
        return tree;
    }

    private @Nullable Object queryValue(ShapeModel shape, MemberModel member, Map<String, List<String>> query) {
        if (shape.type().equals("map")) {
            Map<String, Object> all = new LinkedHashMap<>();
            query.forEach((k, v) -> all.put(k, v.getFirst()));
            return all.isEmpty() ? null : all;
        }
        List<String> values = query.get(member.wireName());
        if (values == null) {
            return null;
        }
        if (shape.type().equals("list")) {
            ShapeModel element = model.shape(shape.listMember().shape());
            List<Object> out = new ArrayList<>();
            values.forEach(v -> out.add(TextValues.parse(element, v, member.wireName())));
            return out;
        }
        return TextValues.parse(shape, values.getFirst(), member.wireName());
    }

    private @Nullable Object headerValue(ShapeModel shape, MemberModel member, ApiRequest request) {
        String value = request.header(member.wireName().toLowerCase(java.util.Locale.ROOT));
        if (value == null) {
            return null;
        }
        if (shape.type().equals("list")) {
            ShapeModel element = model.shape(shape.listMember().shape());
            List<Object> out = new ArrayList<>();
            for (String part : value.split(",")) {
                out.add(TextValues.parse(element, part.strip(), member.wireName()));
            }
            return out;
        }
        return TextValues.parse(shape, value, member.wireName());
    }

    private static @Nullable Object prefixedHeaders(MemberModel member, ApiRequest request) {
        String prefix = member.wireName().toLowerCase(java.util.Locale.ROOT);
        Map<String, Object> out = new LinkedHashMap<>();
        request.headers().forEach((name, values) -> {
            if (name.startsWith(prefix)) {
                out.put(name.substring(prefix.length()), values.getFirst());
            }
        });
        return out.isEmpty() ? null : out;
    }

    private static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = FormParameters.decodePart(eq < 0 ? pair : pair.substring(0, eq));
            String value = FormParameters.decodePart(eq < 0 ? "" : pair.substring(eq + 1));
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    @Override
    public ApiResponse encode(OperationModel operation, @Nullable Map<String, Object> output, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (operation.output() == null || output == null) {
            return new ApiResponse(operation.responseCode(), headers, "{}".getBytes(UTF_8));
        }
        ShapeModel shape = model.shape(operation.output());
        int status = operation.responseCode();
        for (MemberModel member : shape.members().values()) {
            Object value = output.get(member.name());
            if (value == null || member.location() == null) {
                continue;
            }
            ShapeModel memberShape = model.shape(member.shape());
            switch (member.location()) {
                case "statusCode" -> status = ((Number) value).intValue();
                case "header" -> headers.put(member.wireName(), value instanceof java.time.Instant t
                        ? TextValues.httpDate(t) : TextValues.format(memberShape, value));
                case "headers" -> ((Map<?, ?>) value).forEach((k, v) -> headers.put(member.wireName() + k, String.valueOf(v)));
                default -> { }
            }
        }
        byte[] body;
        if (shape.payload() != null) {
            Object payload = output.get(shape.payload());
            MemberModel member = shape.members().get(shape.payload());
            ShapeModel payloadShape = model.shape(member.shape());
            body = payload == null ? new byte[0] : switch (payloadShape.type()) {
                case "blob" -> (byte[]) payload;
                case "string" -> ((String) payload).getBytes(UTF_8);
                default -> JsonShapes.writeStructure(model, payloadShape, castTree(payload), m -> true, Map.of());
            };
        } else {
            body = JsonShapes.writeStructure(model, shape, output, m -> m.location() == null, Map.of());
        }
        return new ApiResponse(status, headers, body);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castTree(Object value) {
        return (Map<String, Object>) value;
    }

    @Override
    public ApiResponse encodeError(AwsException error, String requestId) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (error.getMessage() != null) {
            fields.put("message", error.getMessage());
        }
        fields.put("__type", error.code());
        fields.putAll(ErrorMembers.wireMembers(model, error));
        return new ApiResponse(error.httpStatus(),
                Map.of("Content-Type", "application/json", "x-amzn-ErrorType", error.code()),
                JsonShapes.writeObject(fields));
    }
}
