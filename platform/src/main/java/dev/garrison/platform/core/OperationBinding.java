package dev.garrison.platform.core;

import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One model operation bound to the method of a service implementation that serves it.
 *
 * @param name the operation's model name ({@code GenerateDataKey})
 * @param javaMethod the name of its {@code XxxApi} method
 * @param inputType the generated input record, or null when the operation takes no input
 * @param parser builds the input record from the decoded tree, or null without input
 * @param invoker calls the implementation
 */
public record OperationBinding(
        String name,
        String javaMethod,
        @Nullable Class<? extends AwsShape> inputType,
        @Nullable Function<Map<String, Object>, ? extends AwsShape> parser,
        Invoker invoker) {

    /** Calls the implementation with the caller's context and the validated input. */
    @FunctionalInterface
    public interface Invoker {
        @Nullable AwsShape invoke(CallContext call, @Nullable AwsShape input);
    }
}
