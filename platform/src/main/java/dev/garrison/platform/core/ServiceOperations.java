package dev.garrison.platform.core;

import java.util.List;

/**
 * A service's operation table: every operation of its model, bound to an implementation.
 *
 * @param service the model name ({@code kms}, {@code sts})
 * @param implementation the object implementing the service's {@code XxxApi}
 * @param operations one binding per model operation
 */
public record ServiceOperations(String service, Object implementation, List<OperationBinding> operations) {
    public ServiceOperations {
        operations = List.copyOf(operations);
    }
}
