package dev.garrison.platform.policy;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Every policy that applies to one request: the caller's identity policies, the resource's
 * own policy, the caller's permissions boundary and the session policies of a role session.
 */
public record Policies(List<PolicyDocument> identity, @Nullable PolicyDocument resource,
        @Nullable PolicyDocument boundary, List<PolicyDocument> session) {
    public Policies {
        identity = List.copyOf(identity);
        session = List.copyOf(session);
    }

    public static Policies identity(List<PolicyDocument> identity) {
        return new Policies(identity, null, null, List.of());
    }
}
