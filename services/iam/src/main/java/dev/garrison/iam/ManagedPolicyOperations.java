package dev.garrison.iam;

import dev.garrison.api.iam.AttachGroupPolicyRequest;
import dev.garrison.api.iam.AttachRolePolicyRequest;
import dev.garrison.api.iam.AttachUserPolicyRequest;
import dev.garrison.api.iam.AttachedPolicy;
import dev.garrison.api.iam.CreatePolicyRequest;
import dev.garrison.api.iam.CreatePolicyResponse;
import dev.garrison.api.iam.CreatePolicyVersionRequest;
import dev.garrison.api.iam.CreatePolicyVersionResponse;
import dev.garrison.api.iam.DeleteConflictException;
import dev.garrison.api.iam.DeletePolicyRequest;
import dev.garrison.api.iam.DeletePolicyVersionRequest;
import dev.garrison.api.iam.DetachGroupPolicyRequest;
import dev.garrison.api.iam.DetachRolePolicyRequest;
import dev.garrison.api.iam.DetachUserPolicyRequest;
import dev.garrison.api.iam.EntityAlreadyExistsException;
import dev.garrison.api.iam.GetPolicyRequest;
import dev.garrison.api.iam.GetPolicyResponse;
import dev.garrison.api.iam.GetPolicyVersionRequest;
import dev.garrison.api.iam.GetPolicyVersionResponse;
import dev.garrison.api.iam.LimitExceededException;
import dev.garrison.api.iam.ListAttachedGroupPoliciesRequest;
import dev.garrison.api.iam.ListAttachedGroupPoliciesResponse;
import dev.garrison.api.iam.ListAttachedRolePoliciesRequest;
import dev.garrison.api.iam.ListAttachedRolePoliciesResponse;
import dev.garrison.api.iam.ListAttachedUserPoliciesRequest;
import dev.garrison.api.iam.ListAttachedUserPoliciesResponse;
import dev.garrison.api.iam.ListPoliciesRequest;
import dev.garrison.api.iam.ListPoliciesResponse;
import dev.garrison.api.iam.ListPolicyVersionsRequest;
import dev.garrison.api.iam.ListPolicyVersionsResponse;
import dev.garrison.api.iam.NoSuchEntityException;
import dev.garrison.api.iam.Policy;
import dev.garrison.api.iam.PolicyVersion;
import dev.garrison.api.iam.SetDefaultPolicyVersionRequest;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.policy.PolicyParser;
import dev.garrison.platform.storage.Row;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Customer managed policies, their versions, and their attachment to users. */
final class ManagedPolicyOperations {
    static final int POLICIES_PER_OWNER = 10;

    private final IamStore store;
    private final UserOperations users;
    private final RoleOperations roles;
    private final GroupOperations groups;
    private final PolicyDocuments documents;
    private final Clock clock;

    ManagedPolicyOperations(IamStore store, UserOperations users, RoleOperations roles, GroupOperations groups,
            PolicyDocuments documents, Clock clock) {
        this.store = store;
        this.users = users;
        this.roles = roles;
        this.groups = groups;
        this.documents = documents;
        this.clock = clock;
    }

    CreatePolicyResponse createPolicy(CallContext call, CreatePolicyRequest request) {
        checked(request.policyDocument());
        String path = request.path() == null ? "/" : request.path();
        String arn = IamArns.policy(call.principal().accountId(), path, request.policyName());
        boolean nameTaken = store.policies().stream().anyMatch(p -> p.name().equalsIgnoreCase(request.policyName()));
        if (nameTaken) {
            throw alreadyExists(request.policyName());
        }
        Instant now = clock.instant();
        ManagedPolicy policy = new ManagedPolicy(request.policyName(), IamIds.policyId(), arn, path, request.description(),
                now, now, "v1", List.of(new ManagedPolicy.Version("v1", request.policyDocument(), now)), 2);
        List<Row> tagRows = TagOperations.rowsFor(IamStore.policyOwner(policy), request.tags());
        boolean created = store.write(tx -> {
            if (!tx.insert(IamStore.POLICIES, IamStore.policyRow(policy))) {
                return false;
            }
            tagRows.forEach(row -> tx.put(IamStore.TAGS, row));
            return true;
        });
        if (!created) {
            throw alreadyExists(request.policyName());
        }
        return CreatePolicyResponse.builder().policy(shape(policy, 0)).build();
    }

    GetPolicyResponse getPolicy(CallContext call, GetPolicyRequest request) {
        ManagedPolicy policy = existing(request.policyArn());
        return GetPolicyResponse.builder().policy(shape(policy, store.attachmentCount(policy.arn()))).build();
    }

    ListPoliciesResponse listPolicies(CallContext call, ListPoliciesRequest request) {
        String prefix = request.pathPrefix() == null ? "/" : request.pathPrefix();
        boolean onlyAttached = Boolean.TRUE.equals(request.onlyAttached());
        List<Policy> matching = new ArrayList<>();
        if (!"AWS".equals(request.scope())) {
            for (ManagedPolicy policy : store.policies()) {
                int attachments = store.attachmentCount(policy.arn());
                if (policy.path().startsWith(prefix) && (!onlyAttached || attachments > 0)) {
                    matching.add(shape(policy, attachments));
                }
            }
        }
        matching.sort(Comparator.comparing(p -> IamStore.key(p.policyName())));
        Page<Policy> page = Page.of(matching, p -> IamStore.key(p.policyName()), request.marker(), request.maxItems());
        return ListPoliciesResponse.builder().policies(page.items()).isTruncated(page.truncated()).marker(page.marker()).build();
    }

    void deletePolicy(CallContext call, DeletePolicyRequest request) {
        ManagedPolicy policy = existing(request.policyArn());
        if (store.attachmentCount(policy.arn()) > 0) {
            throw new DeleteConflictException("Cannot delete a policy attached to entities.");
        }
        if (policy.versions().size() > 1) {
            throw new DeleteConflictException("This policy has more than one version. Before you delete a policy, you must"
                    + " delete the policy's non-default versions.");
        }
        String owner = IamStore.policyOwner(policy);
        store.write(tx -> {
            store.tags(owner).keySet().forEach(key -> tx.delete(IamStore.TAGS, IamStore.tagId(owner, key)));
            return tx.delete(IamStore.POLICIES, policy.arn());
        });
    }

    CreatePolicyVersionResponse createPolicyVersion(CallContext call, CreatePolicyVersionRequest request) {
        checked(request.policyDocument());
        ManagedPolicy.Version created = store.write(tx -> {
            ManagedPolicy policy = existingIn(tx, request.policyArn());
            if (policy.versions().size() >= ManagedPolicy.MAX_VERSIONS) {
                throw new LimitExceededException("A managed policy can have up to " + ManagedPolicy.MAX_VERSIONS
                        + " versions. Before you create a new version, you must delete an existing version.");
            }
            Instant now = clock.instant();
            ManagedPolicy.Version version = new ManagedPolicy.Version("v" + policy.nextVersion(), request.policyDocument(), now);
            List<ManagedPolicy.Version> versions = new ArrayList<>(policy.versions());
            versions.add(version);
            boolean makeDefault = Boolean.TRUE.equals(request.setAsDefault());
            tx.put(IamStore.POLICIES, IamStore.policyRow(new ManagedPolicy(policy.name(), policy.policyId(), policy.arn(),
                    policy.path(), policy.description(), policy.created(), now,
                    makeDefault ? version.versionId() : policy.defaultVersionId(), versions, policy.nextVersion() + 1)));
            return version;
        });
        boolean isDefault = Boolean.TRUE.equals(request.setAsDefault());
        return CreatePolicyVersionResponse.builder().policyVersion(PolicyVersion.builder().versionId(created.versionId())
                .isDefaultVersion(isDefault).createDate(created.created()).build()).build();
    }

    GetPolicyVersionResponse getPolicyVersion(CallContext call, GetPolicyVersionRequest request) {
        ManagedPolicy policy = existing(request.policyArn());
        ManagedPolicy.Version version = policy.versions().stream().filter(v -> v.versionId().equals(request.versionId()))
                .findFirst().orElseThrow(() -> noVersion(policy.arn(), request.versionId()));
        return GetPolicyVersionResponse.builder().policyVersion(version(policy, version, true)).build();
    }

    ListPolicyVersionsResponse listPolicyVersions(CallContext call, ListPolicyVersionsRequest request) {
        ManagedPolicy policy = existing(request.policyArn());
        List<ManagedPolicy.Version> newestFirst = new ArrayList<>(policy.versions());
        newestFirst.sort(Comparator.comparingInt((ManagedPolicy.Version v) -> Integer.parseInt(v.versionId().substring(1)))
                .reversed());
        Page<ManagedPolicy.Version> page = Page.of(newestFirst, v -> String.format("%08d",
                Integer.MAX_VALUE - Integer.parseInt(v.versionId().substring(1))), request.marker(), request.maxItems());
        return ListPolicyVersionsResponse.builder()
                .versions(page.items().stream().map(v -> version(policy, v, false)).toList())
                .isTruncated(page.truncated()).marker(page.marker()).build();
    }

    void setDefaultPolicyVersion(CallContext call, SetDefaultPolicyVersionRequest request) {
        store.write(tx -> {
            ManagedPolicy policy = existingIn(tx, request.policyArn());
            if (policy.versions().stream().noneMatch(v -> v.versionId().equals(request.versionId()))) {
                throw noVersion(policy.arn(), request.versionId());
            }
            tx.put(IamStore.POLICIES, IamStore.policyRow(new ManagedPolicy(policy.name(), policy.policyId(), policy.arn(),
                    policy.path(), policy.description(), policy.created(), clock.instant(), request.versionId(),
                    policy.versions(), policy.nextVersion())));
            return null;
        });
    }

    void deletePolicyVersion(CallContext call, DeletePolicyVersionRequest request) {
        store.write(tx -> {
            ManagedPolicy policy = existingIn(tx, request.policyArn());
            if (policy.defaultVersionId().equals(request.versionId())) {
                throw new DeleteConflictException("Cannot delete the default version of a policy.");
            }
            List<ManagedPolicy.Version> versions = new ArrayList<>(policy.versions());
            if (!versions.removeIf(v -> v.versionId().equals(request.versionId()))) {
                throw noVersion(policy.arn(), request.versionId());
            }
            tx.put(IamStore.POLICIES, IamStore.policyRow(new ManagedPolicy(policy.name(), policy.policyId(), policy.arn(),
                    policy.path(), policy.description(), policy.created(), clock.instant(), policy.defaultVersionId(),
                    versions, policy.nextVersion())));
            return null;
        });
    }

    void attachUserPolicy(CallContext call, AttachUserPolicyRequest request) {
        IamUser user = users.existing(request.userName());
        attach(IamStore.userOwner(user.userName()), request.policyArn(), "PoliciesPerUser");
    }

    void attachRolePolicy(CallContext call, AttachRolePolicyRequest request) {
        IamRole role = roles.existing(request.roleName());
        attach(IamStore.roleOwner(role.roleName()), request.policyArn(), "PoliciesPerRole");
    }

    void detachUserPolicy(CallContext call, DetachUserPolicyRequest request) {
        IamUser user = users.existing(request.userName());
        detach(IamStore.userOwner(user.userName()), request.policyArn());
    }

    void detachRolePolicy(CallContext call, DetachRolePolicyRequest request) {
        IamRole role = roles.existing(request.roleName());
        detach(IamStore.roleOwner(role.roleName()), request.policyArn());
    }

    ListAttachedUserPoliciesResponse listAttachedUserPolicies(CallContext call, ListAttachedUserPoliciesRequest request) {
        IamUser user = users.existing(request.userName());
        Page<AttachedPolicy> page = attached(IamStore.userOwner(user.userName()), request.pathPrefix(), request.marker(),
                request.maxItems());
        return ListAttachedUserPoliciesResponse.builder().attachedPolicies(page.items()).isTruncated(page.truncated())
                .marker(page.marker()).build();
    }

    ListAttachedRolePoliciesResponse listAttachedRolePolicies(CallContext call, ListAttachedRolePoliciesRequest request) {
        IamRole role = roles.existing(request.roleName());
        Page<AttachedPolicy> page = attached(IamStore.roleOwner(role.roleName()), request.pathPrefix(), request.marker(),
                request.maxItems());
        return ListAttachedRolePoliciesResponse.builder().attachedPolicies(page.items()).isTruncated(page.truncated())
                .marker(page.marker()).build();
    }

    void attachGroupPolicy(CallContext call, AttachGroupPolicyRequest request) {
        IamGroup group = groups.existing(request.groupName());
        attach(IamStore.groupOwner(group.groupName()), request.policyArn(), "PoliciesPerGroup");
    }

    void detachGroupPolicy(CallContext call, DetachGroupPolicyRequest request) {
        IamGroup group = groups.existing(request.groupName());
        detach(IamStore.groupOwner(group.groupName()), request.policyArn());
    }

    ListAttachedGroupPoliciesResponse listAttachedGroupPolicies(CallContext call, ListAttachedGroupPoliciesRequest request) {
        IamGroup group = groups.existing(request.groupName());
        Page<AttachedPolicy> page = attached(IamStore.groupOwner(group.groupName()), request.pathPrefix(), request.marker(),
                request.maxItems());
        return ListAttachedGroupPoliciesResponse.builder().attachedPolicies(page.items()).isTruncated(page.truncated())
                .marker(page.marker()).build();
    }

    private void attach(String owner, String policyArn, String quota) {
        existing(policyArn);
        List<String> attached = store.attachedTo(owner);
        if (attached.contains(policyArn)) {
            return;
        }
        if (attached.size() >= POLICIES_PER_OWNER) {
            throw new LimitExceededException("Cannot exceed quota for " + quota + ": " + POLICIES_PER_OWNER);
        }
        store.write(tx -> {
            tx.put(IamStore.ATTACHMENTS, IamStore.attachmentRow(owner, policyArn));
            return null;
        });
    }

    private void detach(String owner, String policyArn) {
        if (!store.write(tx -> tx.delete(IamStore.ATTACHMENTS, IamStore.attachmentId(owner, policyArn)))) {
            throw new NoSuchEntityException("Policy " + policyArn + " was not found.");
        }
    }

    private Page<AttachedPolicy> attached(String owner, @Nullable String pathPrefix, @Nullable String marker,
            @Nullable Integer maxItems) {
        String prefix = pathPrefix == null ? "/" : pathPrefix;
        List<ManagedPolicy> attached = new ArrayList<>();
        for (String arn : store.attachedTo(owner)) {
            ManagedPolicy policy = store.policy(arn);
            if (policy != null && policy.path().startsWith(prefix)) {
                attached.add(policy);
            }
        }
        attached.sort(Comparator.comparing(p -> IamStore.key(p.name())));
        List<AttachedPolicy> shapes = attached.stream()
                .map(p -> AttachedPolicy.builder().policyArn(p.arn()).policyName(p.name()).build()).toList();
        return Page.of(shapes, p -> IamStore.key(p.policyName()), marker, maxItems);
    }

    /** The policy, or NoSuchEntity in IAM's words. */
    ManagedPolicy existing(String policyArn) {
        ManagedPolicy policy = store.policy(policyArn);
        if (policy == null) {
            throw new NoSuchEntityException("Policy " + policyArn + " does not exist or is not attachable.");
        }
        return policy;
    }

    private static ManagedPolicy existingIn(dev.garrison.platform.storage.Store.WriteTransaction tx, String policyArn) {
        var row = tx.get(IamStore.POLICIES, policyArn);
        if (row == null) {
            throw new NoSuchEntityException("Policy " + policyArn + " does not exist or is not attachable.");
        }
        return IamStore.readPolicy(row);
    }

    private void checked(String document) {
        PolicyDocuments.checkManagedSize(document);
        documents.validate(document, PolicyParser.Kind.IDENTITY);
    }

    private static EntityAlreadyExistsException alreadyExists(String name) {
        return new EntityAlreadyExistsException("A policy called " + name + " already exists. Duplicate names are not allowed.");
    }

    private static NoSuchEntityException noVersion(String arn, String versionId) {
        return new NoSuchEntityException("Policy " + arn + " version " + versionId + " does not exist or is not attachable.");
    }

    private static PolicyVersion version(ManagedPolicy policy, ManagedPolicy.Version version, boolean withDocument) {
        return PolicyVersion.builder().versionId(version.versionId()).createDate(version.created())
                .isDefaultVersion(version.versionId().equals(policy.defaultVersionId()))
                .document(withDocument ? PolicyDocuments.encoded(version.document()) : null).build();
    }

    static Policy shape(ManagedPolicy policy, int attachments) {
        return Policy.builder().policyName(policy.name()).policyId(policy.policyId()).arn(policy.arn()).path(policy.path())
                .defaultVersionId(policy.defaultVersionId()).attachmentCount(attachments)
                .permissionsBoundaryUsageCount(0).isAttachable(true).description(policy.description())
                .createDate(policy.created()).updateDate(policy.updated()).build();
    }
}
