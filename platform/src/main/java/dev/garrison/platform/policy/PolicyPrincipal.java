package dev.garrison.platform.policy;

import dev.garrison.platform.core.Principal;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A Principal or NotPrincipal element: {@code "*"} or principals by type (AWS, Service, Federated, CanonicalUser). */
record PolicyPrincipal(boolean everyone, Map<String, List<String>> byType) {
    PolicyPrincipal {
        byType = Map.copyOf(byType);
    }

    /** The strongest way this element names the caller. */
    PrincipalMatch match(Principal caller, @Nullable String roleArn) {
        if (everyone) {
            return PrincipalMatch.ANY;
        }
        PrincipalMatch best = PrincipalMatch.NONE;
        for (Map.Entry<String, List<String>> entry : byType.entrySet()) {
            for (String name : entry.getValue()) {
                PrincipalMatch match = entry.getKey().equals("AWS") ? awsMatch(name, caller, roleArn)
                        : name.equals(caller.arn()) ? PrincipalMatch.DIRECT : PrincipalMatch.NONE;
                if (match.compareTo(best) > 0) {
                    best = match;
                }
            }
        }
        return best;
    }

    private static PrincipalMatch awsMatch(String name, Principal caller, @Nullable String roleArn) {
        if (name.equals("*")) {
            return PrincipalMatch.ANY;
        }
        if (name.equals(caller.arn())) {
            return PrincipalMatch.DIRECT;
        }
        if (name.equals(roleArn)) {
            return PrincipalMatch.ROLE;
        }
        if (name.equals(caller.accountId()) || name.equals("arn:aws:iam::" + caller.accountId() + ":root")) {
            return PrincipalMatch.ACCOUNT;
        }
        return PrincipalMatch.NONE;
    }
}
