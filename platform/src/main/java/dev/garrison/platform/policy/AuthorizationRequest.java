package dev.garrison.platform.policy;

import static java.util.Objects.requireNonNull;

import dev.garrison.platform.core.Principal;
import org.jspecify.annotations.Nullable;

/**
 * What is being asked: who ({@code roleArn} set for role sessions), the action
 * ({@code kms:Decrypt}), the resource's ARN, and the request's condition keys.
 */
public record AuthorizationRequest(
        Principal principal, @Nullable String roleArn, String action, String resource, ConditionContext context) {
    public AuthorizationRequest {
        requireNonNull(principal, "principal");
        requireNonNull(action, "action");
        requireNonNull(resource, "resource");
        requireNonNull(context, "context");
    }
}
