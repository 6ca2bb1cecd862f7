package dev.garrison.platform.protocol;

import dev.garrison.platform.core.AwsException;
import dev.garrison.platform.model.OperationModel;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads requests and writes answers in one AWS wire protocol, guided by the service model. */
public interface ProtocolCodec {
    /** The operation the request calls; throws an AWS error naming why none matches. */
    OperationModel operation(ApiRequest request);

    /** The operation's input as a tree keyed by member name, with scalars typed by their shapes. */
    Map<String, Object> decode(ApiRequest request, OperationModel operation);

    /** A successful answer carrying {@code output} (null for operations without output). */
    ApiResponse encode(OperationModel operation, @Nullable Map<String, Object> output, String requestId);

    /** An error answer in the protocol's own shape. */
    ApiResponse encodeError(AwsException error, String requestId);
}
