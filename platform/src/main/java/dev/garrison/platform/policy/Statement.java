package dev.garrison.platform.policy;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One policy statement. Exactly one of actions/notActions is set; resources and notResources
 * may both be null in resource-based policies (the resource is the policy's own).
 */
record Statement(
        @Nullable String sid,
        boolean allow,
        @Nullable PolicyPrincipal principal,
        @Nullable PolicyPrincipal notPrincipal,
        @Nullable List<String> actions,
        @Nullable List<String> notActions,
        @Nullable List<String> resources,
        @Nullable List<String> notResources,
        List<Condition> conditions) {

    /** How the Principal element names the caller; identity policies (no element) name it directly. */
    PrincipalMatch principalMatch(AuthorizationRequest request) {
        if (principal != null) {
            return principal.match(request.principal(), request.roleArn());
        }
        if (notPrincipal != null) {
            return notPrincipal.match(request.principal(), request.roleArn()) == PrincipalMatch.NONE
                    ? PrincipalMatch.ANY : PrincipalMatch.NONE;
        }
        return PrincipalMatch.DIRECT;
    }

    /** Action, resource and conditions all match (the principal is judged apart). */
    boolean matches(AuthorizationRequest request, boolean variables) {
        return actionMatches(request.action()) && resourceMatches(request, variables)
                && conditions.stream().allMatch(c -> c.holds(request.context(), variables));
    }

    private boolean actionMatches(String action) {
        if (actions != null) {
            return actions.stream().anyMatch(pattern -> Wildcard.matches(pattern, action, true));
        }
        return notActions != null && notActions.stream().noneMatch(pattern -> Wildcard.matches(pattern, action, true));
    }

    private boolean resourceMatches(AuthorizationRequest request, boolean variables) {
        if (resources != null) {
            return resources.stream().anyMatch(pattern -> resourcePattern(pattern, request, variables));
        }
        if (notResources != null) {
            return notResources.stream().noneMatch(pattern -> resourcePattern(pattern, request, variables));
        }
        return true;
    }

    private static boolean resourcePattern(String pattern, AuthorizationRequest request, boolean variables) {
        String resolved = variables ? PolicyVariables.substitute(pattern, request.context(), true) : pattern;
        return resolved != null && Wildcard.matches(resolved, request.resource(), false);
    }
}
