package dev.garrison.platform.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.garrison.platform.core.AwsException;
import dev.garrison.platform.core.CommonErrors;
import dev.garrison.platform.core.CommonErrors.Kind;
import dev.garrison.platform.model.OperationModel;
import dev.garrison.platform.model.ServiceModel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** AWS JSON 1.0 and 1.1: {@code POST /} with {@code X-Amz-Target: Prefix.Operation} and a JSON body. */
final class JsonCodec implements ProtocolCodec {
    private static final Set<String> MEDIA_TYPES = Set.of(
            "application/x-amz-json-1.0", "application/x-amz-json-1.1", "application/json");

    private final ServiceModel model;
    private final String contentType;

    JsonCodec(ServiceModel model) {
        this.model = model;
        this.contentType = "application/x-amz-json-" + model.jsonVersion();
    }

    @Override
    public OperationModel operation(ApiRequest request) {
        String target = request.header("x-amz-target");
        if (target == null) {
            throw CommonErrors.of(Kind.UNKNOWN_OPERATION, "Missing X-Amz-Target header.");
        }
        int dot = target.lastIndexOf('.');
        OperationModel operation = dot < 0 || !target.substring(0, dot).equals(model.targetPrefix())
                ? null : model.operation(target.substring(dot + 1));
        if (operation == null) {
            throw CommonErrors.of(Kind.UNKNOWN_OPERATION, "Operation " + Printable.of(target) + " is unknown to " + model.name() + ".");
        }
        if (!request.method().equals("POST")) {
            throw CommonErrors.of(Kind.UNKNOWN_OPERATION, "Operations of " + model.name() + " are called with POST.");
        }
        if (!MEDIA_TYPES.contains(request.mediaType()) && !(request.mediaType().isEmpty() && request.body().length == 0)) {
            throw CommonErrors.of(Kind.UNSUPPORTED_MEDIA_TYPE, "Content-Type '" + Printable.of(request.mediaType())
                    + "' is not supported; send " + contentType + ".");
        }
        return operation;
    }

    @Override
    public Map<String, Object> decode(ApiRequest request, OperationModel operation) {
        if (operation.input() == null) {
            JsonShapes.parse(request.body());
            return Map.of();
        }
        return JsonShapes.readStructure(model, model.shape(operation.input()), JsonShapes.parse(request.body()), "", m -> true);
    }

    @Override
    public ApiResponse encode(OperationModel operation, @Nullable Map<String, Object> output, String requestId) {
        byte[] body = output == null || operation.output() == null
                ? "{}".getBytes(UTF_8)
                : JsonShapes.writeStructure(model, model.shape(operation.output()), output, m -> true, Map.of());
        return new ApiResponse(operation.responseCode(), Map.of("Content-Type", contentType), body);
    }

    @Override
    public ApiResponse encodeError(AwsException error, String requestId) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("__type", error.code());
        if (error.getMessage() != null) {
            fields.put("message", error.getMessage());
        }
        fields.putAll(ErrorMembers.wireMembers(model, error));
        byte[] body = JsonShapes.writeObject(fields);
        return new ApiResponse(error.httpStatus(), Map.of("Content-Type", contentType, "x-amzn-ErrorType", error.code()), body);
    }
}
