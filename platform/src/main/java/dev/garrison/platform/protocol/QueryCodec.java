package dev.garrison.platform.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.garrison.platform.core.AwsException;
import dev.garrison.platform.core.CommonErrors;
import dev.garrison.platform.core.CommonErrors.CommonError;
import dev.garrison.platform.core.CommonErrors.Kind;
import dev.garrison.platform.model.MemberModel;
import dev.garrison.platform.model.OperationModel;
import dev.garrison.platform.model.ServiceModel;
import dev.garrison.platform.model.ShapeModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** AWS Query: form-encoded parameters ({@code Action}, {@code Version}, members) in, XML out. */
final class QueryCodec implements ProtocolCodec {
    private static final String FORM = "application/x-www-form-urlencoded";

    private final ServiceModel model;

    QueryCodec(ServiceModel model) {
        this.model = model;
    }

    @Override
    public OperationModel operation(ApiRequest request) {
        TreeMap<String, String> params = parameters(request);
        String action = params.get("Action");
        if (action == null || action.isEmpty()) {
            throw CommonErrors.of(Kind.MISSING_ACTION, "Missing Action");
        }
        OperationModel operation = model.operation(action);
        if (operation == null) {
            throw CommonErrors.of(Kind.UNKNOWN_OPERATION, "Could not find operation " + Printable.of(action)
                    + " for version " + Printable.of(params.getOrDefault("Version", model.apiVersion())));
        }
        return operation;
    }

    @Override
    public Map<String, Object> decode(ApiRequest request, OperationModel operation) {
        if (operation.input() == null) {
            return Map.of();
        }
        return structure(model.shape(operation.input()), "", parameters(request));
    }

    private TreeMap<String, String> parameters(ApiRequest request) {
        TreeMap<String, String> params = new TreeMap<>();
        FormParameters.decode(request.rawQuery(), params);
        if (request.body().length > 0) {
            if (!request.mediaType().equals(FORM)) {
                throw CommonErrors.of(Kind.UNSUPPORTED_MEDIA_TYPE, "Content-Type '" + Printable.of(request.mediaType())
                        + "' is not supported; send " + FORM + ".");
            }
            FormParameters.decode(new String(request.body(), java.nio.charset.StandardCharsets.ISO_8859_1), params);
        }
        return params;
    }

    private Map<String, Object> structure(ShapeModel shape, String prefix, TreeMap<String, String> params) {
        Map<String, Object> tree = new LinkedHashMap<>();
        for (MemberModel member : shape.members().values()) {
            Object value = value(model.shape(member.shape()), prefix + member.wireName(), params);
            if (value != null) {
                tree.put(member.name(), value);
            }
        }
        return tree;
    }

    private @Nullable Object value(ShapeModel shape, String key, TreeMap<String, String> params) {
        switch (shape.type()) {
            case "structure" -> {
                return hasPrefix(params, key + ".") ? structure(shape, key + ".", params) : null;
            }
            case "list" -> {
                String item = shape.listMember().locationName() != null ? shape.listMember().locationName() : "member";
                if (!hasPrefix(params, key + ".")) {
                    return "".equals(params.get(key)) ? List.of() : null;
                }
                List<Object> out = new ArrayList<>();
                for (int i = 1; ; i++) {
                    Object element = value(model.shape(shape.listMember().shape()), key + "." + item + "." + i, params);
                    if (element == null) {
                        return out;
                    }
                    out.add(element);
                }
            }
            case "map" -> {
                if (!hasPrefix(params, key + ".")) {
                    return null;
                }
                String k = shape.mapKey().locationName() != null ? shape.mapKey().locationName() : "key";
                String v = shape.mapValue().locationName() != null ? shape.mapValue().locationName() : "value";
                Map<String, Object> out = new LinkedHashMap<>();
                for (int i = 1; ; i++) {
                    String entry = key + ".entry." + i + ".";
                    String name = params.get(entry + k);
                    if (name == null) {
                        return out;
                    }
                    out.put(name, value(model.shape(shape.mapValue().shape()), entry + v, params));
                }
            }
            default -> {
                String text = params.get(key);
                return text == null ? null : TextValues.parse(shape, text, key);
            }
        }
    }

    private static boolean hasPrefix(TreeMap<String, String> params, String prefix) {
        String next = params.ceilingKey(prefix);
        return next != null && next.startsWith(prefix);
    }

    @Override
    public ApiResponse encode(OperationModel operation, @Nullable Map<String, Object> output, String requestId) {
        String response = operation.name() + "Response";
        XmlWriter xml = new XmlWriter().open(response, namespace());
        if (operation.output() != null) {
            String result = operation.resultWrapper() != null ? operation.resultWrapper() : operation.name() + "Result";
            xml.open(result);
            if (output != null) {
                xml.members(model, model.shape(operation.output()), output);
            }
            xml.close(result);
        }
        xml.open("ResponseMetadata").element("RequestId", requestId).close("ResponseMetadata").close(response);
        return new ApiResponse(operation.responseCode(), Map.of("Content-Type", "text/xml"), xml.toString().getBytes(UTF_8));
    }

    @Override
    public ApiResponse encodeError(AwsException error, String requestId) {
        String code = error instanceof CommonError common ? common.queryCode() : error.code();
        int status = error instanceof CommonError common ? common.queryStatus() : error.httpStatus();
        XmlWriter xml = new XmlWriter().open("ErrorResponse", namespace()).open("Error")
                .element("Type", error.fault().wireName())
                .element("Code", code);
        if (error.getMessage() != null) {
            xml.element("Message", error.getMessage());
        }
        xml.close("Error").element("RequestId", requestId).close("ErrorResponse");
        return new ApiResponse(status, Map.of("Content-Type", "text/xml", "x-amzn-ErrorType", code), xml.toString().getBytes(UTF_8));
    }

    private String namespace() {
        return model.xmlNamespace() != null ? model.xmlNamespace() : "";
    }
}
