package dev.garrison.iam;

import java.time.Instant;
import java.util.List;

/**
 * A session of a role, by its temporary access key: the role it acts as and the session
 * policies (inline documents and managed policy ARNs) that narrow it.
 */
record RoleSession(String accessKeyId, String roleName, String sessionName, Instant expires, List<String> policies,
        List<String> policyArns) {
    RoleSession {
        policies = List.copyOf(policies);
        policyArns = List.copyOf(policyArns);
    }
}
