package dev.garrison.iam;

import dev.garrison.api.iam.DeleteGroupPolicyRequest;
import dev.garrison.api.iam.GetGroupPolicyRequest;
import dev.garrison.api.iam.GetGroupPolicyResponse;
import dev.garrison.api.iam.ListGroupPoliciesRequest;
import dev.garrison.api.iam.ListGroupPoliciesResponse;
import dev.garrison.api.iam.PutGroupPolicyRequest;
import dev.garrison.api.iam.DeleteRolePolicyRequest;
import dev.garrison.api.iam.DeleteUserPolicyRequest;
import dev.garrison.api.iam.GetRolePolicyRequest;
import dev.garrison.api.iam.GetRolePolicyResponse;
import dev.garrison.api.iam.GetUserPolicyRequest;
import dev.garrison.api.iam.GetUserPolicyResponse;
import dev.garrison.api.iam.ListRolePoliciesRequest;
import dev.garrison.api.iam.ListRolePoliciesResponse;
import dev.garrison.api.iam.ListUserPoliciesRequest;
import dev.garrison.api.iam.ListUserPoliciesResponse;
import dev.garrison.api.iam.NoSuchEntityException;
import dev.garrison.api.iam.PutRolePolicyRequest;
import dev.garrison.api.iam.PutUserPolicyRequest;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.policy.PolicyParser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Inline policies embedded in a user (2,048 characters in all), a group (5,120) or a role (10,240). */
final class InlinePolicyOperations {
    static final int USER_INLINE_SIZE = 2048;
    static final int ROLE_INLINE_SIZE = 10240;
    static final int GROUP_INLINE_SIZE = 5120;

    private final IamStore store;
    private final UserOperations users;
    private final RoleOperations roles;
    private final GroupOperations groups;
    private final PolicyDocuments documents;

    InlinePolicyOperations(IamStore store, UserOperations users, RoleOperations roles, GroupOperations groups,
            PolicyDocuments documents) {
        this.store = store;
        this.users = users;
        this.roles = roles;
        this.groups = groups;
        this.documents = documents;
    }

    void putUserPolicy(CallContext call, PutUserPolicyRequest request) {
        IamUser user = users.existing(request.userName());
        put(IamStore.userOwner(user.userName()), "user " + user.userName(), USER_INLINE_SIZE, request.policyName(),
                request.policyDocument());
    }

    void putRolePolicy(CallContext call, PutRolePolicyRequest request) {
        IamRole role = roles.existing(request.roleName());
        put(IamStore.roleOwner(role.roleName()), "role " + role.roleName(), ROLE_INLINE_SIZE, request.policyName(),
                request.policyDocument());
    }

    GetUserPolicyResponse getUserPolicy(CallContext call, GetUserPolicyRequest request) {
        IamUser user = users.existing(request.userName());
        Map.Entry<String, String> policy = find(IamStore.userOwner(user.userName()), request.policyName(), "user");
        return GetUserPolicyResponse.builder().userName(user.userName()).policyName(policy.getKey())
                .policyDocument(PolicyDocuments.encoded(policy.getValue())).build();
    }

    GetRolePolicyResponse getRolePolicy(CallContext call, GetRolePolicyRequest request) {
        IamRole role = roles.existing(request.roleName());
        Map.Entry<String, String> policy = find(IamStore.roleOwner(role.roleName()), request.policyName(), "role");
        return GetRolePolicyResponse.builder().roleName(role.roleName()).policyName(policy.getKey())
                .policyDocument(PolicyDocuments.encoded(policy.getValue())).build();
    }

    ListUserPoliciesResponse listUserPolicies(CallContext call, ListUserPoliciesRequest request) {
        IamUser user = users.existing(request.userName());
        Page<String> page = names(IamStore.userOwner(user.userName()), request.marker(), request.maxItems());
        return ListUserPoliciesResponse.builder().policyNames(page.items()).isTruncated(page.truncated())
                .marker(page.marker()).build();
    }

    ListRolePoliciesResponse listRolePolicies(CallContext call, ListRolePoliciesRequest request) {
        IamRole role = roles.existing(request.roleName());
        Page<String> page = names(IamStore.roleOwner(role.roleName()), request.marker(), request.maxItems());
        return ListRolePoliciesResponse.builder().policyNames(page.items()).isTruncated(page.truncated())
                .marker(page.marker()).build();
    }

    void deleteUserPolicy(CallContext call, DeleteUserPolicyRequest request) {
        IamUser user = users.existing(request.userName());
        delete(IamStore.userOwner(user.userName()), request.policyName(), "user");
    }

    void deleteRolePolicy(CallContext call, DeleteRolePolicyRequest request) {
        IamRole role = roles.existing(request.roleName());
        delete(IamStore.roleOwner(role.roleName()), request.policyName(), "role");
    }

    void putGroupPolicy(CallContext call, PutGroupPolicyRequest request) {
        IamGroup group = groups.existing(request.groupName());
        put(IamStore.groupOwner(group.groupName()), "group " + group.groupName(), GROUP_INLINE_SIZE, request.policyName(),
                request.policyDocument());
    }

    GetGroupPolicyResponse getGroupPolicy(CallContext call, GetGroupPolicyRequest request) {
        IamGroup group = groups.existing(request.groupName());
        Map.Entry<String, String> policy = find(IamStore.groupOwner(group.groupName()), request.policyName(), "group");
        return GetGroupPolicyResponse.builder().groupName(group.groupName()).policyName(policy.getKey())
                .policyDocument(PolicyDocuments.encoded(policy.getValue())).build();
    }

    ListGroupPoliciesResponse listGroupPolicies(CallContext call, ListGroupPoliciesRequest request) {
        IamGroup group = groups.existing(request.groupName());
        Page<String> page = names(IamStore.groupOwner(group.groupName()), request.marker(), request.maxItems());
        return ListGroupPoliciesResponse.builder().policyNames(page.items()).isTruncated(page.truncated())
                .marker(page.marker()).build();
    }

    void deleteGroupPolicy(CallContext call, DeleteGroupPolicyRequest request) {
        IamGroup group = groups.existing(request.groupName());
        delete(IamStore.groupOwner(group.groupName()), request.policyName(), "group");
    }

    private void put(String owner, String ownerLabel, int sizeLimit, String policyName, String document) {
        documents.validate(document, PolicyParser.Kind.IDENTITY);
        Map<String, String> after = new LinkedHashMap<>(store.inlinePolicies(owner));
        after.keySet().removeIf(name -> name.equalsIgnoreCase(policyName));
        after.put(policyName, document);
        PolicyDocuments.checkInlineSize(ownerLabel, sizeLimit, after.values());
        store.write(tx -> {
            tx.put(IamStore.INLINE, IamStore.inlineRow(owner, policyName, document));
            return null;
        });
    }

    private Map.Entry<String, String> find(String owner, String policyName, String kind) {
        Map.Entry<String, String> found = null;
        for (Map.Entry<String, String> policy : store.inlinePolicies(owner).entrySet()) {
            if (policy.getKey().equalsIgnoreCase(policyName)) {
                found = policy;
            }
        }
        if (found == null) {
            throw notFound(kind, policyName);
        }
        return found;
    }

    private Page<String> names(String owner, @Nullable String marker, @Nullable Integer maxItems) {
        List<String> names = new ArrayList<>(store.inlinePolicies(owner).keySet());
        names.sort(Comparator.comparing(IamStore::key));
        return Page.of(names, IamStore::key, marker, maxItems);
    }

    private void delete(String owner, String policyName, String kind) {
        if (!store.write(tx -> tx.delete(IamStore.INLINE, IamStore.inlineId(owner, policyName)))) {
            throw notFound(kind, policyName);
        }
    }

    private static NoSuchEntityException notFound(String kind, String policyName) {
        return new NoSuchEntityException("The " + kind + " policy with name " + policyName + " cannot be found.");
    }
}
