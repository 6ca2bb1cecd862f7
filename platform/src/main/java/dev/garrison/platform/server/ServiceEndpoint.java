package dev.garrison.platform.server;

import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.OperationBinding;
import dev.garrison.platform.core.OperationResources;
import dev.garrison.platform.core.ServiceOperations;
import dev.garrison.platform.model.ServiceModel;
import dev.garrison.platform.protocol.Codecs;
import dev.garrison.platform.protocol.ProtocolCodec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A served service: its model, its protocol codec and its bound operations. */
public final class ServiceEndpoint {
    private final ServiceModel model;
    private final ProtocolCodec codec;
    private final Map<String, OperationBinding> bindings = new HashMap<>();
    private final ServiceOperations operations;

    public ServiceEndpoint(ServiceOperations operations) {
        this.operations = operations;
        this.model = ServiceModel.load(operations.service(), operations.implementation().getClass().getClassLoader());
        this.codec = Codecs.of(model);
        operations.operations().forEach(b -> bindings.put(b.name(), b));
    }

    public ServiceModel model() {
        return model;
    }

    public ProtocolCodec codec() {
        return codec;
    }

    public ServiceOperations operations() {
        return operations;
    }

    @Nullable OperationBinding binding(String operation) {
        return bindings.get(operation);
    }

    /** The call's condition keys beyond the global ones, as the service names them. */
    Map<String, List<String>> conditionKeys(CallContext call, String operation, Map<String, Object> request) {
        return operations.implementation() instanceof OperationResources resources
                ? resources.conditionKeys(call, operation, request) : Map.of();
    }

    /** The ARN the audit record names for an operation the service authorizes itself, or null. */
    @Nullable String auditedResource(CallContext call, String operation, Map<String, Object> request) {
        return operations.implementation() instanceof OperationResources resources
                ? resources.auditedResource(call, operation, request) : null;
    }

    /** The ARN of what {@code operation} created, for its audit record, or null. */
    @Nullable String createdResource(String operation, Map<String, Object> response) {
        return operations.implementation() instanceof OperationResources resources
                ? resources.createdResource(operation, response) : null;
    }

    /** The ARN the front door authorizes {@code operation} against, or null when it does not. */
    @Nullable String resourceArn(CallContext call, String operation, Map<String, Object> request) {
        return operations.implementation() instanceof OperationResources resources
                ? resources.resourceArn(call, operation, request) : "*";
    }
}
