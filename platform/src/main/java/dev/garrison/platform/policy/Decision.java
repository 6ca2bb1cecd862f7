package dev.garrison.platform.policy;

import org.jspecify.annotations.Nullable;

/**
 * The evaluator's answer and, for a denial, which kind of policy decided it: that picks the
 * ending of AWS's AccessDenied message.
 */
public record Decision(Outcome outcome, @Nullable PolicyType decidedBy) {
    public enum Outcome { ALLOW, EXPLICIT_DENY, IMPLICIT_DENY }

    /** The policies that take part, named as AWS's messages name them. */
    public enum PolicyType {
        IDENTITY("an identity-based policy", "identity-based policy"),
        RESOURCE("a resource-based policy", "resource-based policy"),
        BOUNDARY("a permissions boundary", "permissions boundary"),
        SESSION("a session policy", "session policy");

        private final String withArticle;
        private final String bare;

        PolicyType(String withArticle, String bare) {
            this.withArticle = withArticle;
            this.bare = bare;
        }
    }

    static final Decision ALLOW = new Decision(Outcome.ALLOW, null);

    public boolean allowed() {
        return outcome == Outcome.ALLOW;
    }

    /**
     * AWS's message: {@code User: ARN is not authorized to perform: ACTION on resource: ARN because
     * no identity-based policy allows the ACTION action}, or {@code ... with an explicit deny in an
     * identity-based policy}.
     */
    public String denialMessage(AuthorizationRequest request) {
        if (decidedBy == null) {
            throw new IllegalStateException("an allowed request has no denial message");
        }
        String head = "User: " + request.principal().arn() + " is not authorized to perform: " + request.action()
                + " on resource: " + request.resource();
        return outcome == Outcome.EXPLICIT_DENY
                ? head + " with an explicit deny in " + decidedBy.withArticle
                : head + " because no " + decidedBy.bare + " allows the " + request.action() + " action";
    }
}
