package dev.garrison.iam;

import dev.garrison.api.iam.AddUserToGroupRequest;
import dev.garrison.api.iam.AttachGroupPolicyRequest;
import dev.garrison.api.iam.AttachRolePolicyRequest;
import dev.garrison.api.iam.AttachUserPolicyRequest;
import dev.garrison.api.iam.CreateAccessKeyRequest;
import dev.garrison.api.iam.CreateAccessKeyResponse;
import dev.garrison.api.iam.CreateGroupRequest;
import dev.garrison.api.iam.CreateGroupResponse;
import dev.garrison.api.iam.CreatePolicyRequest;
import dev.garrison.api.iam.CreatePolicyResponse;
import dev.garrison.api.iam.CreatePolicyVersionRequest;
import dev.garrison.api.iam.CreatePolicyVersionResponse;
import dev.garrison.api.iam.CreateRoleRequest;
import dev.garrison.api.iam.CreateRoleResponse;
import dev.garrison.api.iam.CreateUserRequest;
import dev.garrison.api.iam.CreateUserResponse;
import dev.garrison.api.iam.CreateVirtualMFADeviceRequest;
import dev.garrison.api.iam.CreateVirtualMFADeviceResponse;
import dev.garrison.api.iam.DeactivateMFADeviceRequest;
import dev.garrison.api.iam.DeleteAccessKeyRequest;
import dev.garrison.api.iam.DeleteConflictException;
import dev.garrison.api.iam.DeleteGroupPolicyRequest;
import dev.garrison.api.iam.DeleteGroupRequest;
import dev.garrison.api.iam.DeletePolicyRequest;
import dev.garrison.api.iam.DeletePolicyVersionRequest;
import dev.garrison.api.iam.DeleteRolePolicyRequest;
import dev.garrison.api.iam.DeleteRoleRequest;
import dev.garrison.api.iam.DeleteUserPolicyRequest;
import dev.garrison.api.iam.DeleteUserRequest;
import dev.garrison.api.iam.DeleteVirtualMFADeviceRequest;
import dev.garrison.api.iam.DetachGroupPolicyRequest;
import dev.garrison.api.iam.DetachRolePolicyRequest;
import dev.garrison.api.iam.DetachUserPolicyRequest;
import dev.garrison.api.iam.EnableMFADeviceRequest;
import dev.garrison.api.iam.GetAccessKeyLastUsedRequest;
import dev.garrison.api.iam.GetAccessKeyLastUsedResponse;
import dev.garrison.api.iam.GetAccountAuthorizationDetailsRequest;
import dev.garrison.api.iam.GetAccountAuthorizationDetailsResponse;
import dev.garrison.api.iam.GetGroupPolicyRequest;
import dev.garrison.api.iam.GetGroupPolicyResponse;
import dev.garrison.api.iam.GetGroupRequest;
import dev.garrison.api.iam.GetGroupResponse;
import dev.garrison.api.iam.GetMFADeviceRequest;
import dev.garrison.api.iam.GetMFADeviceResponse;
import dev.garrison.api.iam.GetPolicyRequest;
import dev.garrison.api.iam.GetPolicyResponse;
import dev.garrison.api.iam.GetPolicyVersionRequest;
import dev.garrison.api.iam.GetPolicyVersionResponse;
import dev.garrison.api.iam.GetRolePolicyRequest;
import dev.garrison.api.iam.GetRolePolicyResponse;
import dev.garrison.api.iam.GetRoleRequest;
import dev.garrison.api.iam.GetRoleResponse;
import dev.garrison.api.iam.GetUserPolicyRequest;
import dev.garrison.api.iam.GetUserPolicyResponse;
import dev.garrison.api.iam.GetUserRequest;
import dev.garrison.api.iam.GetUserResponse;
import dev.garrison.api.iam.IamApi;
import dev.garrison.api.iam.ListAccessKeysRequest;
import dev.garrison.api.iam.ListAccessKeysResponse;
import dev.garrison.api.iam.ListAttachedGroupPoliciesRequest;
import dev.garrison.api.iam.ListAttachedGroupPoliciesResponse;
import dev.garrison.api.iam.ListAttachedRolePoliciesRequest;
import dev.garrison.api.iam.ListAttachedRolePoliciesResponse;
import dev.garrison.api.iam.ListAttachedUserPoliciesRequest;
import dev.garrison.api.iam.ListAttachedUserPoliciesResponse;
import dev.garrison.api.iam.ListGroupPoliciesRequest;
import dev.garrison.api.iam.ListGroupPoliciesResponse;
import dev.garrison.api.iam.ListGroupsForUserRequest;
import dev.garrison.api.iam.ListGroupsForUserResponse;
import dev.garrison.api.iam.ListGroupsRequest;
import dev.garrison.api.iam.ListGroupsResponse;
import dev.garrison.api.iam.ListMFADeviceTagsRequest;
import dev.garrison.api.iam.ListMFADeviceTagsResponse;
import dev.garrison.api.iam.ListMFADevicesRequest;
import dev.garrison.api.iam.ListMFADevicesResponse;
import dev.garrison.api.iam.ListPoliciesRequest;
import dev.garrison.api.iam.ListPoliciesResponse;
import dev.garrison.api.iam.ListPolicyTagsRequest;
import dev.garrison.api.iam.ListPolicyTagsResponse;
import dev.garrison.api.iam.ListPolicyVersionsRequest;
import dev.garrison.api.iam.ListPolicyVersionsResponse;
import dev.garrison.api.iam.ListRolePoliciesRequest;
import dev.garrison.api.iam.ListRolePoliciesResponse;
import dev.garrison.api.iam.ListRoleTagsRequest;
import dev.garrison.api.iam.ListRoleTagsResponse;
import dev.garrison.api.iam.ListRolesRequest;
import dev.garrison.api.iam.ListRolesResponse;
import dev.garrison.api.iam.ListUserPoliciesRequest;
import dev.garrison.api.iam.ListUserPoliciesResponse;
import dev.garrison.api.iam.ListUserTagsRequest;
import dev.garrison.api.iam.ListUserTagsResponse;
import dev.garrison.api.iam.ListUsersRequest;
import dev.garrison.api.iam.ListUsersResponse;
import dev.garrison.api.iam.ListVirtualMFADevicesRequest;
import dev.garrison.api.iam.ListVirtualMFADevicesResponse;
import dev.garrison.api.iam.PutGroupPolicyRequest;
import dev.garrison.api.iam.PutRolePolicyRequest;
import dev.garrison.api.iam.PutUserPolicyRequest;
import dev.garrison.api.iam.RemoveUserFromGroupRequest;
import dev.garrison.api.iam.ResyncMFADeviceRequest;
import dev.garrison.api.iam.SetDefaultPolicyVersionRequest;
import dev.garrison.api.iam.SimulateCustomPolicyRequest;
import dev.garrison.api.iam.SimulatePolicyResponse;
import dev.garrison.api.iam.SimulatePrincipalPolicyRequest;
import dev.garrison.api.iam.TagMFADeviceRequest;
import dev.garrison.api.iam.TagPolicyRequest;
import dev.garrison.api.iam.TagRoleRequest;
import dev.garrison.api.iam.TagUserRequest;
import dev.garrison.api.iam.UntagMFADeviceRequest;
import dev.garrison.api.iam.UntagPolicyRequest;
import dev.garrison.api.iam.UntagRoleRequest;
import dev.garrison.api.iam.UntagUserRequest;
import dev.garrison.api.iam.UpdateAccessKeyRequest;
import dev.garrison.api.iam.UpdateAssumeRolePolicyRequest;
import dev.garrison.platform.auth.StoredCredentials;
import dev.garrison.platform.barrier.Barrier;
import dev.garrison.platform.core.Authorizer;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.OperationResources;
import dev.garrison.platform.core.Principal;
import dev.garrison.platform.storage.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * AWS IAM: users and their access keys, groups, roles and their trust policies, inline policies,
 * customer managed policies with versions and attachments; the authorizer that judges every
 * call by those policies; and STS over the same identities.
 */
public final class IamService implements IamApi, OperationResources {
    /** Operations on a user that default to the caller when no UserName is given. */
    private static final Set<String> CALLER_DEFAULT = Set.of("GetUser", "CreateAccessKey", "ListAccessKeys",
            "UpdateAccessKey", "DeleteAccessKey");
    private static final String ADMIN_POLICY = "AdministratorAccess";
    private static final String ADMIN_DOCUMENT =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    private final IamStore store;
    private final UserOperations users;
    private final AccessKeyOperations accessKeys;
    private final RoleOperations roles;
    private final GroupOperations groups;
    private final InlinePolicyOperations inlinePolicies;
    private final ManagedPolicyOperations managedPolicies;
    private final IamAuthorizer authorizer;
    private final StsService sts;
    private final PolicySimulation simulation;
    private final AuthorizationDetails details;
    private final TagOperations tags;
    private final Clock clock;
    private final StoredCredentials credentials;
    private final MfaDevices mfa;

    /** {@code iamStore} is the store migrated from {@code db/iam}; MFA seeds are sealed by {@code barrier}. */
    public IamService(Store iamStore, StoredCredentials credentials, Barrier barrier, Clock clock) {
        this.store = new IamStore(iamStore);
        this.clock = clock;
        this.credentials = credentials;
        PolicyDocuments documents = new PolicyDocuments();
        this.users = new UserOperations(store, credentials, clock);
        this.mfa = new MfaDevices(iamStore, barrier, users, clock);
        this.accessKeys = new AccessKeyOperations(users, credentials, clock);
        this.roles = new RoleOperations(store, documents, clock);
        this.groups = new GroupOperations(store, users, clock);
        this.inlinePolicies = new InlinePolicyOperations(store, users, roles, groups, documents);
        this.managedPolicies = new ManagedPolicyOperations(store, users, roles, groups, documents, clock);
        this.authorizer = new IamAuthorizer(store, documents);
        this.sts = new StsService(store, credentials, authorizer, documents, mfa, clock);
        this.simulation = new PolicySimulation(store, authorizer, documents);
        this.details = new AuthorizationDetails(store);
        this.tags = new TagOperations(store, users, roles, managedPolicies, mfa);
    }

    /** STS, over the same users, roles and credentials. */
    public StsService sts() {
        return sts;
    }

    /** Forgets role sessions and temporary credentials that have expired. */
    public void purgeExpiredSessions() {
        Instant now = clock.instant();
        credentials.purgeExpired(now);
        store.purgeExpiredSessions(now);
    }

    /** The authorizer the front door asks before every operation of every service. */
    public Authorizer authorizer() {
        return authorizer;
    }

    /**
     * The {@code admin} user with full rights (an inline AdministratorAccess policy), created when
     * missing; {@code userId} keeps the id an earlier start handed out.
     */
    public Principal ensureAdmin(String account, @Nullable String userId) {
        IamUser admin = store.user("admin");
        if (admin == null) {
            admin = new IamUser("admin", userId != null ? userId : IamIds.userId(), "/", IamArns.user(account, "/", "admin"),
                    clock.instant(), null);
            IamUser created = admin;
            store.write(tx -> tx.insert(IamStore.USERS, IamStore.userRow(created)));
        }
        String owner = IamStore.userOwner(admin.userName());
        if (!store.inlinePolicies(owner).containsKey(ADMIN_POLICY)) {
            store.write(tx -> {
                tx.put(IamStore.INLINE, IamStore.inlineRow(owner, ADMIN_POLICY, ADMIN_DOCUMENT));
                return null;
            });
        }
        return AccessKeyOperations.principal(admin, null);
    }

    @Override
    public @Nullable String resourceArn(CallContext call, String operation, Map<String, Object> tree) {
        String account = call.principal().accountId();
        if (tree.get("GroupName") instanceof String groupName) {
            IamGroup group = store.group(groupName);
            String path = operation.equals("CreateGroup") && tree.get("Path") instanceof String p ? p
                    : group == null ? "/" : group.path();
            return IamArns.group(account, path, groupName);
        }
        if (tree.get("UserName") instanceof String userName) {
            IamUser user = store.user(userName);
            String path = operation.equals("CreateUser") && tree.get("Path") instanceof String p ? p
                    : user == null ? "/" : user.path();
            return IamArns.user(account, path, userName);
        }
        if (tree.get("RoleName") instanceof String roleName) {
            IamRole role = store.role(roleName);
            String path = operation.equals("CreateRole") && tree.get("Path") instanceof String p ? p
                    : role == null ? "/" : role.path();
            return IamArns.role(account, path, roleName);
        }
        if (tree.get("PolicySourceArn") instanceof String source) {
            return source;
        }
        if (tree.get("PolicyArn") instanceof String policyArn) {
            return policyArn;
        }
        if (tree.get("SerialNumber") instanceof String serial) {
            return serial;
        }
        if (tree.get("VirtualMFADeviceName") instanceof String device) {
            return "arn:aws:iam::" + account + ":mfa" + (tree.get("Path") instanceof String p ? p : "/") + device;
        }
        if (operation.equals("CreatePolicy") && tree.get("PolicyName") instanceof String name) {
            return IamArns.policy(account, tree.get("Path") instanceof String p ? p : "/", name);
        }
        if (CALLER_DEFAULT.contains(operation) && call.principal().type().equals("IAMUser")) {
            return call.principal().arn();
        }
        return "*";
    }

    /**
     * Tags the call sets (aws:RequestTag/KEY, aws:TagKeys) and tags of the user, role or managed
     * policy it acts on (aws:ResourceTag/KEY).
     */
    @Override
    public Map<String, List<String>> conditionKeys(CallContext call, String operation, Map<String, Object> tree) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        if (tree.get("Tags") instanceof List<?> given) {
            List<String> tagKeys = new ArrayList<>();
            for (Object tag : given) {
                if (tag instanceof Map<?, ?> pair && pair.get("Key") instanceof String key) {
                    keys.put("aws:RequestTag/" + key, List.of(String.valueOf(pair.get("Value"))));
                    tagKeys.add(key);
                }
            }
            keys.put("aws:TagKeys", tagKeys);
        }
        if (tree.get("TagKeys") instanceof List<?> removed) {
            keys.put("aws:TagKeys", removed.stream().map(String::valueOf).toList());
        }
        String owner = tree.containsKey("GroupName") ? null
                : tree.get("UserName") instanceof String user ? IamStore.userOwner(user)
                : tree.get("RoleName") instanceof String role ? IamStore.roleOwner(role)
                : tree.get("PolicyArn") instanceof String arn && store.policy(arn) != null
                        ? IamStore.policyOwner(store.policy(arn)) : null;
        if (owner != null && !operation.equals("CreateUser") && !operation.equals("CreateRole")) {
            store.tags(owner).forEach((key, value) -> keys.put("aws:ResourceTag/" + key, List.of(value)));
        }
        return keys;
    }

    @Override
    public CreateUserResponse createUser(CallContext call, CreateUserRequest request) {
        return users.createUser(call, request);
    }

    @Override
    public GetUserResponse getUser(CallContext call, GetUserRequest request) {
        return users.getUser(call, request);
    }

    @Override
    public ListUsersResponse listUsers(CallContext call, ListUsersRequest request) {
        return users.listUsers(call, request);
    }

    @Override
    public void deleteUser(CallContext call, DeleteUserRequest request) {
        if (mfa.any(request.userName())) {
            throw new DeleteConflictException("Cannot delete entity, must delete MFA device first.");
        }
        users.deleteUser(call, request);
    }

    @Override
    public CreateAccessKeyResponse createAccessKey(CallContext call, CreateAccessKeyRequest request) {
        return accessKeys.createAccessKey(call, request);
    }

    @Override
    public ListAccessKeysResponse listAccessKeys(CallContext call, ListAccessKeysRequest request) {
        return accessKeys.listAccessKeys(call, request);
    }

    @Override
    public void updateAccessKey(CallContext call, UpdateAccessKeyRequest request) {
        accessKeys.updateAccessKey(call, request);
    }

    @Override
    public void deleteAccessKey(CallContext call, DeleteAccessKeyRequest request) {
        accessKeys.deleteAccessKey(call, request);
    }

    @Override
    public void putUserPolicy(CallContext call, PutUserPolicyRequest request) {
        inlinePolicies.putUserPolicy(call, request);
    }

    @Override
    public GetUserPolicyResponse getUserPolicy(CallContext call, GetUserPolicyRequest request) {
        return inlinePolicies.getUserPolicy(call, request);
    }

    @Override
    public ListUserPoliciesResponse listUserPolicies(CallContext call, ListUserPoliciesRequest request) {
        return inlinePolicies.listUserPolicies(call, request);
    }

    @Override
    public void deleteUserPolicy(CallContext call, DeleteUserPolicyRequest request) {
        inlinePolicies.deleteUserPolicy(call, request);
    }

    @Override
    public CreatePolicyResponse createPolicy(CallContext call, CreatePolicyRequest request) {
        return managedPolicies.createPolicy(call, request);
    }

    @Override
    public GetPolicyResponse getPolicy(CallContext call, GetPolicyRequest request) {
        return managedPolicies.getPolicy(call, request);
    }

    @Override
    public ListPoliciesResponse listPolicies(CallContext call, ListPoliciesRequest request) {
        return managedPolicies.listPolicies(call, request);
    }

    @Override
    public void deletePolicy(CallContext call, DeletePolicyRequest request) {
        managedPolicies.deletePolicy(call, request);
    }

    @Override
    public CreatePolicyVersionResponse createPolicyVersion(CallContext call, CreatePolicyVersionRequest request) {
        return managedPolicies.createPolicyVersion(call, request);
    }

    @Override
    public GetPolicyVersionResponse getPolicyVersion(CallContext call, GetPolicyVersionRequest request) {
        return managedPolicies.getPolicyVersion(call, request);
    }

    @Override
    public ListPolicyVersionsResponse listPolicyVersions(CallContext call, ListPolicyVersionsRequest request) {
        return managedPolicies.listPolicyVersions(call, request);
    }

    @Override
    public void setDefaultPolicyVersion(CallContext call, SetDefaultPolicyVersionRequest request) {
        managedPolicies.setDefaultPolicyVersion(call, request);
    }

    @Override
    public void deletePolicyVersion(CallContext call, DeletePolicyVersionRequest request) {
        managedPolicies.deletePolicyVersion(call, request);
    }

    @Override
    public void attachUserPolicy(CallContext call, AttachUserPolicyRequest request) {
        managedPolicies.attachUserPolicy(call, request);
    }

    @Override
    public void detachUserPolicy(CallContext call, DetachUserPolicyRequest request) {
        managedPolicies.detachUserPolicy(call, request);
    }

    @Override
    public ListAttachedUserPoliciesResponse listAttachedUserPolicies(CallContext call,
            ListAttachedUserPoliciesRequest request) {
        return managedPolicies.listAttachedUserPolicies(call, request);
    }

    @Override
    public CreateRoleResponse createRole(CallContext call, CreateRoleRequest request) {
        return roles.createRole(call, request);
    }

    @Override
    public GetRoleResponse getRole(CallContext call, GetRoleRequest request) {
        return roles.getRole(call, request);
    }

    @Override
    public ListRolesResponse listRoles(CallContext call, ListRolesRequest request) {
        return roles.listRoles(call, request);
    }

    @Override
    public void updateAssumeRolePolicy(CallContext call, UpdateAssumeRolePolicyRequest request) {
        roles.updateAssumeRolePolicy(call, request);
    }

    @Override
    public void deleteRole(CallContext call, DeleteRoleRequest request) {
        roles.deleteRole(call, request);
    }

    @Override
    public void putRolePolicy(CallContext call, PutRolePolicyRequest request) {
        inlinePolicies.putRolePolicy(call, request);
    }

    @Override
    public GetRolePolicyResponse getRolePolicy(CallContext call, GetRolePolicyRequest request) {
        return inlinePolicies.getRolePolicy(call, request);
    }

    @Override
    public ListRolePoliciesResponse listRolePolicies(CallContext call, ListRolePoliciesRequest request) {
        return inlinePolicies.listRolePolicies(call, request);
    }

    @Override
    public void deleteRolePolicy(CallContext call, DeleteRolePolicyRequest request) {
        inlinePolicies.deleteRolePolicy(call, request);
    }

    @Override
    public void attachRolePolicy(CallContext call, AttachRolePolicyRequest request) {
        managedPolicies.attachRolePolicy(call, request);
    }

    @Override
    public void detachRolePolicy(CallContext call, DetachRolePolicyRequest request) {
        managedPolicies.detachRolePolicy(call, request);
    }

    @Override
    public ListAttachedRolePoliciesResponse listAttachedRolePolicies(CallContext call,
            ListAttachedRolePoliciesRequest request) {
        return managedPolicies.listAttachedRolePolicies(call, request);
    }

    @Override
    public SimulatePolicyResponse simulateCustomPolicy(CallContext call, SimulateCustomPolicyRequest request) {
        return simulation.simulateCustomPolicy(call, request);
    }

    @Override
    public SimulatePolicyResponse simulatePrincipalPolicy(CallContext call, SimulatePrincipalPolicyRequest request) {
        return simulation.simulatePrincipalPolicy(call, request);
    }

    @Override
    public CreateGroupResponse createGroup(CallContext call, CreateGroupRequest request) {
        return groups.createGroup(call, request);
    }

    @Override
    public GetGroupResponse getGroup(CallContext call, GetGroupRequest request) {
        return groups.getGroup(call, request);
    }

    @Override
    public ListGroupsResponse listGroups(CallContext call, ListGroupsRequest request) {
        return groups.listGroups(call, request);
    }

    @Override
    public ListGroupsForUserResponse listGroupsForUser(CallContext call, ListGroupsForUserRequest request) {
        return groups.listGroupsForUser(call, request);
    }

    @Override
    public void addUserToGroup(CallContext call, AddUserToGroupRequest request) {
        groups.addUserToGroup(call, request);
    }

    @Override
    public void removeUserFromGroup(CallContext call, RemoveUserFromGroupRequest request) {
        groups.removeUserFromGroup(call, request);
    }

    @Override
    public void deleteGroup(CallContext call, DeleteGroupRequest request) {
        groups.deleteGroup(call, request);
    }

    @Override
    public void putGroupPolicy(CallContext call, PutGroupPolicyRequest request) {
        inlinePolicies.putGroupPolicy(call, request);
    }

    @Override
    public GetGroupPolicyResponse getGroupPolicy(CallContext call, GetGroupPolicyRequest request) {
        return inlinePolicies.getGroupPolicy(call, request);
    }

    @Override
    public ListGroupPoliciesResponse listGroupPolicies(CallContext call, ListGroupPoliciesRequest request) {
        return inlinePolicies.listGroupPolicies(call, request);
    }

    @Override
    public void deleteGroupPolicy(CallContext call, DeleteGroupPolicyRequest request) {
        inlinePolicies.deleteGroupPolicy(call, request);
    }

    @Override
    public void attachGroupPolicy(CallContext call, AttachGroupPolicyRequest request) {
        managedPolicies.attachGroupPolicy(call, request);
    }

    @Override
    public void detachGroupPolicy(CallContext call, DetachGroupPolicyRequest request) {
        managedPolicies.detachGroupPolicy(call, request);
    }

    @Override
    public ListAttachedGroupPoliciesResponse listAttachedGroupPolicies(CallContext call, ListAttachedGroupPoliciesRequest request) {
        return managedPolicies.listAttachedGroupPolicies(call, request);
    }

    @Override
    public GetAccountAuthorizationDetailsResponse getAccountAuthorizationDetails(CallContext call,
            GetAccountAuthorizationDetailsRequest request) {
        return details.get(call, request);
    }

    @Override
    public GetAccessKeyLastUsedResponse getAccessKeyLastUsed(CallContext call, GetAccessKeyLastUsedRequest request) {
        return accessKeys.getAccessKeyLastUsed(call, request);
    }

    @Override
    public void tagUser(CallContext call, TagUserRequest request) {
        tags.tagUser(call, request);
    }

    @Override
    public void untagUser(CallContext call, UntagUserRequest request) {
        tags.untagUser(call, request);
    }

    @Override
    public ListUserTagsResponse listUserTags(CallContext call, ListUserTagsRequest request) {
        return tags.listUserTags(call, request);
    }

    @Override
    public void tagRole(CallContext call, TagRoleRequest request) {
        tags.tagRole(call, request);
    }

    @Override
    public void untagRole(CallContext call, UntagRoleRequest request) {
        tags.untagRole(call, request);
    }

    @Override
    public ListRoleTagsResponse listRoleTags(CallContext call, ListRoleTagsRequest request) {
        return tags.listRoleTags(call, request);
    }

    @Override
    public void tagPolicy(CallContext call, TagPolicyRequest request) {
        tags.tagPolicy(call, request);
    }

    @Override
    public void untagPolicy(CallContext call, UntagPolicyRequest request) {
        tags.untagPolicy(call, request);
    }

    @Override
    public ListPolicyTagsResponse listPolicyTags(CallContext call, ListPolicyTagsRequest request) {
        return tags.listPolicyTags(call, request);
    }

    @Override
    public CreateVirtualMFADeviceResponse createVirtualMFADevice(CallContext call, CreateVirtualMFADeviceRequest request) {
        return mfa.create(call.principal().accountId(), request);
    }

    @Override
    public void enableMFADevice(CallContext call, EnableMFADeviceRequest request) {
        mfa.enable(request.userName(), request.serialNumber(), request.authenticationCode1(), request.authenticationCode2());
    }

    @Override
    public void resyncMFADevice(CallContext call, ResyncMFADeviceRequest request) {
        mfa.resync(request.userName(), request.serialNumber(), request.authenticationCode1(), request.authenticationCode2());
    }

    @Override
    public void deactivateMFADevice(CallContext call, DeactivateMFADeviceRequest request) {
        mfa.deactivate(users.callerOr(call, request.userName()), request.serialNumber());
    }

    @Override
    public void deleteVirtualMFADevice(CallContext call, DeleteVirtualMFADeviceRequest request) {
        mfa.delete(request.serialNumber());
    }

    @Override
    public ListMFADevicesResponse listMFADevices(CallContext call, ListMFADevicesRequest request) {
        return mfa.list(users.callerOr(call, request.userName()), request.marker(), request.maxItems());
    }

    @Override
    public ListVirtualMFADevicesResponse listVirtualMFADevices(CallContext call, ListVirtualMFADevicesRequest request) {
        return mfa.listVirtual(request.assignmentStatus(), request.marker(), request.maxItems());
    }

    @Override
    public GetMFADeviceResponse getMFADevice(CallContext call, GetMFADeviceRequest request) {
        return mfa.get(request.userName(), request.serialNumber());
    }

    @Override
    public void tagMFADevice(CallContext call, TagMFADeviceRequest request) {
        tags.tagMfaDevice(call, request);
    }

    @Override
    public void untagMFADevice(CallContext call, UntagMFADeviceRequest request) {
        tags.untagMfaDevice(call, request);
    }

    @Override
    public ListMFADeviceTagsResponse listMFADeviceTags(CallContext call, ListMFADeviceTagsRequest request) {
        return tags.listMfaDeviceTags(call, request);
    }
}
