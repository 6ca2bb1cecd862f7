package dev.garrison.platform.policy;

import dev.garrison.platform.policy.Decision.Outcome;
import dev.garrison.platform.policy.Decision.PolicyType;

/**
 * AWS's evaluation logic. An explicit deny in any policy wins. Within one account, a resource
 * policy that names the caller itself allows on its own; otherwise an identity policy (or a
 * resource policy naming the caller's role or everyone) must allow, and the permissions
 * boundary and session policies, when present, must allow too: they only narrow. Across
 * accounts both sides must allow: the caller's identity policy and the resource's policy. Where
 * the resource's policy is required (key policies, trust policies) nothing is allowed without it.
 */
public final class PolicyEvaluator {
    public Decision evaluate(Policies policies, AuthorizationRequest request) {
        for (PolicyDocument policy : policies.identity()) {
            if (policy.denies(request)) {
                return new Decision(Outcome.EXPLICIT_DENY, PolicyType.IDENTITY);
            }
        }
        if (policies.resource() != null && policies.resource().denies(request)) {
            return new Decision(Outcome.EXPLICIT_DENY, PolicyType.RESOURCE);
        }
        if (policies.boundary() != null && policies.boundary().denies(request)) {
            return new Decision(Outcome.EXPLICIT_DENY, PolicyType.BOUNDARY);
        }
        for (PolicyDocument policy : policies.session()) {
            if (policy.denies(request)) {
                return new Decision(Outcome.EXPLICIT_DENY, PolicyType.SESSION);
            }
        }
        PrincipalMatch resourceGrant = policies.resource() == null ? PrincipalMatch.NONE : policies.resource().allows(request);
        if (policies.resourceRequired() && resourceGrant == PrincipalMatch.NONE) {
            return new Decision(Outcome.IMPLICIT_DENY, PolicyType.RESOURCE);
        }
        boolean identityAllows = false;
        for (PolicyDocument policy : policies.identity()) {
            if (policy.allows(request) != PrincipalMatch.NONE) {
                identityAllows = true;
                break;
            }
        }
        if (crossAccount(request)) {
            if (resourceGrant == PrincipalMatch.NONE) {
                return new Decision(Outcome.IMPLICIT_DENY, PolicyType.RESOURCE);
            }
            if (!identityAllows) {
                return new Decision(Outcome.IMPLICIT_DENY, PolicyType.IDENTITY);
            }
            return narrowed(policies, request);
        }
        if (resourceGrant == PrincipalMatch.DIRECT) {
            return Decision.ALLOW;
        }
        boolean resourceAllows = resourceGrant == PrincipalMatch.ROLE || resourceGrant == PrincipalMatch.ANY;
        if (!identityAllows && !resourceAllows) {
            return new Decision(Outcome.IMPLICIT_DENY, PolicyType.IDENTITY);
        }
        return narrowed(policies, request);
    }

    /** The boundary and the session policies may only take away. */
    private static Decision narrowed(Policies policies, AuthorizationRequest request) {
        if (policies.boundary() != null && policies.boundary().allows(request) == PrincipalMatch.NONE) {
            return new Decision(Outcome.IMPLICIT_DENY, PolicyType.BOUNDARY);
        }
        if (!policies.session().isEmpty()
                && policies.session().stream().allMatch(p -> p.allows(request) == PrincipalMatch.NONE)) {
            return new Decision(Outcome.IMPLICIT_DENY, PolicyType.SESSION);
        }
        return Decision.ALLOW;
    }

    /** True when the resource's ARN names an account other than the caller's. */
    private static boolean crossAccount(AuthorizationRequest request) {
        String[] arn = request.resource().split(":", 6);
        return arn.length == 6 && !arn[4].isEmpty() && !arn[4].equals(request.principal().accountId());
    }
}
