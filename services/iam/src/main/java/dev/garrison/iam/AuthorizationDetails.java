package dev.garrison.iam;

import dev.garrison.api.iam.AttachedPolicy;
import dev.garrison.api.iam.GetAccountAuthorizationDetailsRequest;
import dev.garrison.api.iam.GetAccountAuthorizationDetailsResponse;
import dev.garrison.api.iam.GroupDetail;
import dev.garrison.api.iam.ManagedPolicyDetail;
import dev.garrison.api.iam.PolicyDetail;
import dev.garrison.api.iam.PolicyVersion;
import dev.garrison.api.iam.RoleDetail;
import dev.garrison.api.iam.UserDetail;
import dev.garrison.platform.core.CallContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GetAccountAuthorizationDetails}: every user, group, role and customer managed policy
 * with the policies that apply to it, paged across the four lists in that order.
 */
final class AuthorizationDetails {
    private final IamStore store;

    /** One listed entity: its sort key across the four lists and its detail shape. */
    private record Entry(String key, Object detail) {}

    AuthorizationDetails(IamStore store) {
        this.store = store;
    }

    GetAccountAuthorizationDetailsResponse get(CallContext call, GetAccountAuthorizationDetailsRequest request) {
        List<String> filter = request.filter() == null || request.filter().isEmpty()
                ? List.of("User", "Group", "Role", "LocalManagedPolicy") : request.filter();
        List<Entry> entries = new ArrayList<>();
        if (filter.contains("User")) {
            store.users().stream().sorted(Comparator.comparing(u -> IamStore.key(u.userName())))
                    .forEach(u -> entries.add(new Entry("1" + IamStore.key(u.userName()), user(u))));
        }
        if (filter.contains("Group")) {
            store.groups().stream().sorted(Comparator.comparing(g -> IamStore.key(g.groupName())))
                    .forEach(g -> entries.add(new Entry("2" + IamStore.key(g.groupName()), group(g))));
        }
        if (filter.contains("Role")) {
            store.roles().stream().sorted(Comparator.comparing(r -> IamStore.key(r.roleName())))
                    .forEach(r -> entries.add(new Entry("3" + IamStore.key(r.roleName()), role(r))));
        }
        if (filter.contains("LocalManagedPolicy")) {
            store.policies().stream().sorted(Comparator.comparing(ManagedPolicy::arn))
                    .forEach(p -> entries.add(new Entry("4" + p.arn(), policy(p))));
        }
        Page<Entry> page = Page.of(entries, Entry::key, request.marker(), request.maxItems());
        return GetAccountAuthorizationDetailsResponse.builder()
                .userDetailList(of(page, UserDetail.class))
                .groupDetailList(of(page, GroupDetail.class))
                .roleDetailList(of(page, RoleDetail.class))
                .policies(of(page, ManagedPolicyDetail.class))
                .isTruncated(page.truncated()).marker(page.marker()).build();
    }

    private static <T> List<T> of(Page<Entry> page, Class<T> type) {
        return page.items().stream().map(Entry::detail).filter(type::isInstance).map(type::cast).toList();
    }

    private UserDetail user(IamUser user) {
        String owner = IamStore.userOwner(user.userName());
        List<String> groups = store.groupsOf(user.userName()).stream().map(store::group).filter(Objects::nonNull)
                .map(IamGroup::groupName).toList();
        return UserDetail.builder().userName(user.userName()).userId(user.userId()).arn(user.arn()).path(user.path())
                .createDate(user.created()).groupList(groups).userPolicyList(inline(owner))
                .attachedManagedPolicies(attached(owner))
                .permissionsBoundary(UserOperations.shape(user).permissionsBoundary()).build();
    }

    private GroupDetail group(IamGroup group) {
        String owner = IamStore.groupOwner(group.groupName());
        return GroupDetail.builder().groupName(group.groupName()).groupId(group.groupId()).arn(group.arn())
                .path(group.path()).createDate(group.created()).groupPolicyList(inline(owner))
                .attachedManagedPolicies(attached(owner)).build();
    }

    private RoleDetail role(IamRole role) {
        String owner = IamStore.roleOwner(role.roleName());
        return RoleDetail.builder().roleName(role.roleName()).roleId(role.roleId()).arn(role.arn()).path(role.path())
                .createDate(role.created()).assumeRolePolicyDocument(PolicyDocuments.encoded(role.trustPolicy()))
                .rolePolicyList(inline(owner)).attachedManagedPolicies(attached(owner)).instanceProfileList(List.of())
                .permissionsBoundary(RoleOperations.shape(role).permissionsBoundary()).build();
    }

    private ManagedPolicyDetail policy(ManagedPolicy policy) {
        List<PolicyVersion> versions = policy.versions().stream().map(v -> PolicyVersion.builder()
                .versionId(v.versionId()).createDate(v.created()).document(PolicyDocuments.encoded(v.document()))
                .isDefaultVersion(v.versionId().equals(policy.defaultVersionId())).build()).toList();
        return ManagedPolicyDetail.builder().policyName(policy.name()).policyId(policy.policyId()).arn(policy.arn())
                .path(policy.path()).defaultVersionId(policy.defaultVersionId()).description(policy.description())
                .attachmentCount(store.attachmentCount(policy.arn())).permissionsBoundaryUsageCount(0).isAttachable(true)
                .createDate(policy.created()).updateDate(policy.updated()).policyVersionList(versions).build();
    }

    private List<PolicyDetail> inline(String owner) {
        List<PolicyDetail> out = new ArrayList<>();
        for (Map.Entry<String, String> policy : store.inlinePolicies(owner).entrySet()) {
            out.add(PolicyDetail.builder().policyName(policy.getKey())
                    .policyDocument(PolicyDocuments.encoded(policy.getValue())).build());
        }
        return out;
    }

    private List<AttachedPolicy> attached(String owner) {
        return store.attachedTo(owner).stream().map(store::policy).filter(Objects::nonNull)
                .map(p -> AttachedPolicy.builder().policyArn(p.arn()).policyName(p.name()).build()).toList();
    }
}
