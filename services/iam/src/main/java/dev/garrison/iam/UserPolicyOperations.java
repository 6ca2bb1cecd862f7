package dev.garrison.iam;

import dev.garrison.api.iam.DeleteUserPolicyRequest;
import dev.garrison.api.iam.GetUserPolicyRequest;
import dev.garrison.api.iam.GetUserPolicyResponse;
import dev.garrison.api.iam.ListUserPoliciesRequest;
import dev.garrison.api.iam.ListUserPoliciesResponse;
import dev.garrison.api.iam.NoSuchEntityException;
import dev.garrison.api.iam.PutUserPolicyRequest;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.policy.PolicyParser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Inline policies embedded in a user. */
final class UserPolicyOperations {
    private final IamStore store;
    private final UserOperations users;
    private final PolicyDocuments documents;

    UserPolicyOperations(IamStore store, UserOperations users, PolicyDocuments documents) {
        this.store = store;
        this.users = users;
        this.documents = documents;
    }

    void putUserPolicy(CallContext call, PutUserPolicyRequest request) {
        IamUser user = users.existing(request.userName());
        documents.validate(request.policyDocument(), PolicyParser.Kind.IDENTITY);
        String owner = IamStore.userOwner(user.userName());
        Map<String, String> after = new LinkedHashMap<>(store.inlinePolicies(owner));
        after.keySet().removeIf(name -> name.equalsIgnoreCase(request.policyName()));
        after.put(request.policyName(), request.policyDocument());
        PolicyDocuments.checkUserInlineSize(user.userName(), after.values());
        store.write(tx -> {
            tx.put(IamStore.INLINE, IamStore.inlineRow(owner, request.policyName(), request.policyDocument()));
            return null;
        });
    }

    GetUserPolicyResponse getUserPolicy(CallContext call, GetUserPolicyRequest request) {
        IamUser user = users.existing(request.userName());
        for (Map.Entry<String, String> policy : store.inlinePolicies(IamStore.userOwner(user.userName())).entrySet()) {
            if (policy.getKey().equalsIgnoreCase(request.policyName())) {
                return GetUserPolicyResponse.builder().userName(user.userName()).policyName(policy.getKey())
                        .policyDocument(PolicyDocuments.encoded(policy.getValue())).build();
            }
        }
        throw notFound(request.policyName());
    }

    ListUserPoliciesResponse listUserPolicies(CallContext call, ListUserPoliciesRequest request) {
        IamUser user = users.existing(request.userName());
        List<String> names = new ArrayList<>(store.inlinePolicies(IamStore.userOwner(user.userName())).keySet());
        names.sort(Comparator.comparing(IamStore::key));
        Page<String> page = Page.of(names, IamStore::key, request.marker(), request.maxItems());
        return ListUserPoliciesResponse.builder().policyNames(page.items()).isTruncated(page.truncated())
                .marker(page.marker()).build();
    }

    void deleteUserPolicy(CallContext call, DeleteUserPolicyRequest request) {
        IamUser user = users.existing(request.userName());
        String id = IamStore.inlineId(IamStore.userOwner(user.userName()), request.policyName());
        if (!store.write(tx -> tx.delete(IamStore.INLINE, id))) {
            throw notFound(request.policyName());
        }
    }

    private static NoSuchEntityException notFound(String policyName) {
        return new NoSuchEntityException("The user policy with name " + policyName + " cannot be found.");
    }
}
