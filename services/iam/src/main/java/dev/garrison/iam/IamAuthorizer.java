package dev.garrison.iam;

import dev.garrison.platform.core.Authorizer;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.CommonErrors;
import dev.garrison.platform.core.Principal;
import dev.garrison.platform.policy.AuthorizationRequest;
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
 * policies, at their default version) and permissions boundary, judged by the shared evaluator.
 */
final class IamAuthorizer implements Authorizer {
    private static final int SNAPSHOT_LIMIT = 10_000;
    private final IamStore store;
    private final PolicyDocuments documents;
    private final PolicyEvaluator evaluator = new PolicyEvaluator();
    /** Each principal's policies as of a store generation: most calls read no table at all. */
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

    private record Snapshot(long generation, Policies policies) {}

    IamAuthorizer(IamStore store, PolicyDocuments documents) {
        this.store = store;
        this.documents = documents;
    }

    @Override
    public void authorize(CallContext call, String action, String resource) {
        AuthorizationRequest request = new AuthorizationRequest(call.principal(), null, action, resource,
                GlobalConditionKeys.of(call, false, false).build());
        Decision decision = evaluator.evaluate(current(call.principal()), request);
        if (!decision.allowed()) {
            throw CommonErrors.of(CommonErrors.Kind.ACCESS_DENIED, decision.denialMessage(request));
        }
    }

    private Policies current(Principal principal) {
        String key = principal.type() + "|" + principal.principalId() + "|" + principal.arn();
        long generation = store.generation();
        Snapshot snapshot = snapshots.get(key);
        if (snapshot != null && snapshot.generation() == generation) {
            return snapshot.policies();
        }
        Policies policies = policiesOf(principal);
        if (snapshots.size() > SNAPSHOT_LIMIT) {
            snapshots.clear();
        }
        snapshots.put(key, new Snapshot(generation, policies));
        return policies;
    }

    private Policies policiesOf(Principal principal) {
        if (!principal.type().equals("IAMUser")) {
            return Policies.identity(List.of());
        }
        IamUser user = store.user(principal.name());
        if (user == null || !user.userId().equals(principal.principalId())) {
            return Policies.identity(List.of());
        }
        String owner = IamStore.userOwner(user.userName());
        List<PolicyDocument> identity = new ArrayList<>();
        store.inlinePolicies(owner).values().forEach(document -> identity.add(parsed(document)));
        for (String arn : store.attachedTo(owner)) {
            PolicyDocument managed = managed(arn);
            if (managed != null) {
                identity.add(managed);
            }
        }
        PolicyDocument boundary = user.boundaryArn() == null ? null : managed(user.boundaryArn());
        if (user.boundaryArn() != null && boundary == null) {
            // The boundary's policy is gone: fail closed rather than lift the boundary.
            boundary = parsed("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]}");
        }
        return new Policies(identity, null, boundary, List.of());
    }

    private @Nullable PolicyDocument managed(String arn) {
        ManagedPolicy policy = store.policy(arn);
        return policy == null ? null : parsed(policy.defaultVersion().document());
    }

    private PolicyDocument parsed(String document) {
        return documents.parsed(document, PolicyParser.Kind.IDENTITY);
    }
}
