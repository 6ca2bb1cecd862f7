package dev.garrison.platform.policy;

import static java.util.Objects.requireNonNull;

import dev.garrison.platform.core.Principal;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What is being asked: who ({@code roleArn} set for role sessions), the action
 * ({@code kms:Decrypt}), the resource's ARN, and the request's condition keys.
 *
 * @param matchedAction the action in lower case, as statements' action patterns are kept, so that
 *     every statement compares it without folding case again
 */
public record AuthorizationRequest(Principal principal, @Nullable String roleArn, String action, String resource,
        ConditionContext context, String matchedAction) {
    public AuthorizationRequest {
        requireNonNull(principal, "principal");
        requireNonNull(action, "action");
        requireNonNull(resource, "resource");
        requireNonNull(context, "context");
        requireNonNull(matchedAction, "matchedAction");
    }

    public AuthorizationRequest(Principal principal, @Nullable String roleArn, String action, String resource,
            ConditionContext context) {
        this(principal, roleArn, action, resource, context, action.toLowerCase(Locale.ROOT));
    }
}
