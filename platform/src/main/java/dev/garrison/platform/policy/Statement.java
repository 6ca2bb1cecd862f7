package dev.garrison.platform.policy;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One policy statement. Exactly one of actions/notActions is set (actions match regardless of
 * case); resources and notResources may both be null in resource-based policies
 * (the resource is the policy's own). Matching loops plainly: it runs for every statement of
 * every policy of every call.
 */
record Statement(
        @Nullable String sid,
        boolean allow,
        @Nullable PolicyPrincipal principal,
        @Nullable PolicyPrincipal notPrincipal,
        @Nullable List<ActionPattern> actions,
        @Nullable List<ActionPattern> notActions,
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
        return actionMatches(request.matchedAction()) && matchesBeyondAction(request, variables);
    }

    /** Resource and conditions match: for a statement already known to name the action. */
    boolean matchesBeyondAction(AuthorizationRequest request, boolean variables) {
        if (!resourceMatches(request, variables)) {
            return false;
        }
        for (Condition condition : conditions) {
            if (!condition.holds(request.context(), variables)) {
                return false;
            }
        }
        return true;
    }

    /** {@code action} must be in lower case. */
    boolean actionMatches(String action) {
        if (actions != null) {
            return anyMatches(actions, action);
        }
        return notActions != null && !anyMatches(notActions, action);
    }

    private static boolean anyMatches(List<ActionPattern> patterns, String action) {
        for (ActionPattern pattern : patterns) {
            if (pattern.matches(action)) {
                return true;
            }
        }
        return false;
    }

    private boolean resourceMatches(AuthorizationRequest request, boolean variables) {
        if (resources != null) {
            for (String pattern : resources) {
                if (resourcePattern(pattern, request, variables)) {
                    return true;
                }
            }
            return false;
        }
        if (notResources != null) {
            for (String pattern : notResources) {
                if (resourcePattern(pattern, request, variables)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean resourcePattern(String pattern, AuthorizationRequest request, boolean variables) {
        String resolved = variables ? PolicyVariables.substitute(pattern, request.context(), true) : pattern;
        return resolved != null && Wildcard.matches(resolved, request.resource());
    }
}
