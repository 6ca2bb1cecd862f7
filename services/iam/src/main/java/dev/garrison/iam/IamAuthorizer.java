package dev.garrison.iam;

import dev.garrison.platform.core.Authorizer;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.CommonErrors;
import dev.garrison.platform.core.Principal;
import dev.garrison.platform.policy.AuthorizationRequest;
import dev.garrison.platform.policy.ConditionContext;
import dev.garrison.platform.policy.Decision;
import dev.garrison.platform.policy.GlobalConditionKeys;
import dev.garrison.platform.policy.Policies;
import dev.garrison.platform.policy.PolicyDocument;
import dev.garrison.platform.policy.PolicyEvaluator;
import dev.garrison.platform.policy.PolicyParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The front door's authorization: the caller's identity policies (inline and attached managed
 * policies, at their default version), permissions boundary and, for role sessions, session
 * policies, judged by the shared evaluator.
 */
final class IamAuthorizer implements Authorizer {
    private static final int SNAPSHOT_LIMIT = 10_000;
    private static final String DENY_ALL =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    private final IamStore store;
    private final PolicyDocuments documents;
    private final PolicyEvaluator evaluator = new PolicyEvaluator();
    /** Each caller's policies as of a store generation: most calls read no table at all. */
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

    /** What the evaluator needs about a caller: its policies, its tags and, for a role session, the role's ARN. */
    private record Caller(Policies policies, @Nullable String roleArn, Map<String, String> tags) {}

    private record Snapshot(long generation, Caller caller) {}

    IamAuthorizer(IamStore store, PolicyDocuments documents) {
        this.store = store;
        this.documents = documents;
    }

    @Override
    public void authorize(CallContext call, String action, String resource, Map<String, List<String>> conditionKeys) {
        decide(call, action, resource, conditionKeys, null, false);
    }

    @Override
    public void authorize(CallContext call, String action, String resource, Map<String, List<String>> conditionKeys,
            PolicyDocument resourcePolicy, boolean granted) {
        decide(call, action, resource, conditionKeys, resourcePolicy, granted);
    }

    /** Decides with {@code resourcePolicy}, when given, required to allow; {@code granted} allows all but explicit denies. */
    private void decide(CallContext call, String action, String resource, Map<String, List<String>> conditionKeys,
            @Nullable PolicyDocument resourcePolicy, boolean granted) {
        Caller caller = current(call.principal());
        ConditionContext.Builder keys = GlobalConditionKeys.of(call);
        caller.tags().forEach((key, value) -> keys.put("aws:PrincipalTag/" + key, value));
        conditionKeys.forEach(keys::putAll);
        AuthorizationRequest request = new AuthorizationRequest(call.principal(), caller.roleArn(), action, resource,
                keys.build());
        Policies policies = caller.policies();
        if (resourcePolicy != null) {
            policies = new Policies(policies.identity(), resourcePolicy, policies.boundary(), policies.session(), true);
        }
        Decision decision = evaluator.evaluate(policies, request);
        if (!decision.allowed() && !(granted && decision.outcome() != Decision.Outcome.EXPLICIT_DENY)) {
            throw CommonErrors.of(CommonErrors.Kind.ACCESS_DENIED, decision.denialMessage(request));
        }
    }

    private Caller current(Principal principal) {
        String key = principal.type() + "|" + principal.principalId() + "|" + principal.arn() + "|" + principal.accessKeyId();
        long generation = store.generation();
        Snapshot snapshot = snapshots.get(key);
        if (snapshot != null && snapshot.generation() == generation) {
            return snapshot.caller();
        }
        Caller caller = switch (principal.type()) {
            case "IAMUser" -> user(principal);
            case "AssumedRole" -> roleSession(principal);
            default -> new Caller(Policies.identity(List.of()), null, Map.of());
        };
        if (snapshots.size() > SNAPSHOT_LIMIT) {
            snapshots.clear();
        }
        snapshots.put(key, new Snapshot(generation, caller));
        return caller;
    }

    private Caller user(Principal principal) {
        IamUser user = store.user(principal.name());
        if (user == null || !user.userId().equals(principal.principalId())) {
            return new Caller(Policies.identity(List.of()), null, Map.of());
        }
        return new Caller(userPolicies(user), null, store.tags(IamStore.userOwner(user.userName())));
    }

    /** A user's inline and attached policies, those of its groups, and its permissions boundary. */
    Policies userPolicies(IamUser user) {
        return new Policies(documents(userSources(user)), null, boundary(user.boundaryArn()), List.of());
    }

    /** A role's inline and attached policies and its permissions boundary. */
    Policies rolePolicies(IamRole role) {
        return new Policies(documents(roleSources(role)), null, boundary(role.boundaryArn()), List.of());
    }

    /** A user's identity policies with their sources: its own, then its groups'. */
    List<SourcedPolicy> userSources(IamUser user) {
        List<SourcedPolicy> sources = new ArrayList<>(sources(IamStore.userOwner(user.userName()), "user"));
        for (String group : store.groupsOf(user.userName())) {
            sources.addAll(sources(IamStore.groupOwner(group), "group"));
        }
        return sources;
    }

    /** A role's identity policies with their sources. */
    List<SourcedPolicy> roleSources(IamRole role) {
        return sources(IamStore.roleOwner(role.roleName()), "role");
    }

    private static List<PolicyDocument> documents(List<SourcedPolicy> sources) {
        return sources.stream().map(SourcedPolicy::document).toList();
    }

    private Caller roleSession(Principal principal) {
        RoleSession session = principal.accessKeyId() == null ? null : store.session(principal.accessKeyId());
        IamRole role = session == null ? null : store.role(session.roleName());
        if (role == null) {
            return new Caller(Policies.identity(List.of()), null, Map.of());
        }
        List<PolicyDocument> sessionPolicies = new ArrayList<>();
        session.policies().forEach(document -> sessionPolicies.add(parsed(document)));
        for (String arn : session.policyArns()) {
            PolicyDocument managed = managed(arn);
            sessionPolicies.add(managed != null ? managed : parsed(DENY_ALL));
        }
        Policies own = rolePolicies(role);
        return new Caller(new Policies(own.identity(), null, own.boundary(), sessionPolicies), role.arn(),
                store.tags(IamStore.roleOwner(role.roleName())));
    }

    /** The inline policies of {@code owner} (sources of {@code inlineType}) and the managed policies attached to it. */
    private List<SourcedPolicy> sources(String owner, String inlineType) {
        List<SourcedPolicy> sources = new ArrayList<>();
        store.inlinePolicies(owner).forEach((name, text) -> sources.add(new SourcedPolicy(name, inlineType, text, parsed(text))));
        for (String arn : store.attachedTo(owner)) {
            ManagedPolicy policy = store.policy(arn);
            if (policy != null) {
                String text = policy.defaultVersion().document();
                sources.add(new SourcedPolicy(arn, arn.startsWith("arn:aws:iam::aws:") ? "aws-managed" : "user-managed", text,
                        parsed(text)));
            }
        }
        return sources;
    }

    /** A boundary whose policy is gone allows nothing: fail closed rather than lift the boundary. */
    private @Nullable PolicyDocument boundary(@Nullable String boundaryArn) {
        if (boundaryArn == null) {
            return null;
        }
        PolicyDocument managed = managed(boundaryArn);
        return managed != null ? managed : parsed(DENY_ALL);
    }

    private @Nullable PolicyDocument managed(String arn) {
        ManagedPolicy policy = store.policy(arn);
        return policy == null ? null : parsed(policy.defaultVersion().document());
    }

    private PolicyDocument parsed(String document) {
        return documents.parsed(document, PolicyParser.Kind.IDENTITY);
    }
}
