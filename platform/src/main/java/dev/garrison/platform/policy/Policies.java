package dev.garrison.platform.policy;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Every policy that applies to one request: the caller's identity policies, the resource's
 * own policy, the caller's permissions boundary and the session policies of a role session.
 *
 * @param resourceRequired the resource's policy must name the caller for anything to be allowed,
 *     as a KMS key policy and a role's trust policy must; naming the account then defers to the
 *     identity policies
 */
public record Policies(List<PolicyDocument> identity, @Nullable PolicyDocument resource,
        @Nullable PolicyDocument boundary, List<PolicyDocument> session, boolean resourceRequired) {
    public Policies {
        identity = List.copyOf(identity);
        session = List.copyOf(session);
    }

    public Policies(List<PolicyDocument> identity, @Nullable PolicyDocument resource, @Nullable PolicyDocument boundary,
            List<PolicyDocument> session) {
        this(identity, resource, boundary, session, false);
    }

    public static Policies identity(List<PolicyDocument> identity) {
        return new Policies(identity, null, null, List.of());
    }
}
