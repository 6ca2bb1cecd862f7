package dev.garrison.platform.core;

import java.util.List;
import java.util.Map;

/** Decides whether the caller may perform an action on a resource; the front door asks it before every operation. */
public interface Authorizer {
    /**
     * Returns when allowed; otherwise throws the AccessDenied error in AWS's wording.
     *
     * @param call the caller and the request's context
     * @param action {@code service:Operation}, as policies name it
     * @param resource the ARN acted on, or {@code *}
     * @param conditionKeys the call's keys beyond the global ones (tags, service keys)
     */
    void authorize(CallContext call, String action, String resource, Map<String, List<String>> conditionKeys);

    /**
     * The same, for a resource whose own policy must allow (a KMS key policy, a role's trust
     * policy): a statement naming the caller allows; one naming the caller's account allows where
     * the caller's identity policies allow too; none, nothing is allowed. {@code granted} says the
     * caller holds an allow outside the policies (a KMS grant): then only an explicit deny refuses.
     */
    void authorize(CallContext call, String action, String resource, Map<String, List<String>> conditionKeys,
            dev.garrison.platform.policy.PolicyDocument resourcePolicy, boolean granted);
}
