package dev.garrison.iam;

import dev.garrison.api.iam.AttachedPermissionsBoundary;
import dev.garrison.api.iam.CreateRoleRequest;
import dev.garrison.api.iam.CreateRoleResponse;
import dev.garrison.api.iam.DeleteConflictException;
import dev.garrison.api.iam.DeleteRoleRequest;
import dev.garrison.api.iam.EntityAlreadyExistsException;
import dev.garrison.api.iam.GetRoleRequest;
import dev.garrison.api.iam.GetRoleResponse;
import dev.garrison.api.iam.ListRolesRequest;
import dev.garrison.api.iam.ListRolesResponse;
import dev.garrison.api.iam.NoSuchEntityException;
import dev.garrison.api.iam.Role;
import dev.garrison.api.iam.UpdateAssumeRolePolicyRequest;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.policy.PolicyParser;
import dev.garrison.platform.storage.Row;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;

/** IAM roles: create with a trust policy, get, list, update the trust policy, delete. */
final class RoleOperations {
    static final int DEFAULT_SESSION_SECONDS = 3600;

    private final IamStore store;
    private final PolicyDocuments documents;
    private final Clock clock;

    RoleOperations(IamStore store, PolicyDocuments documents, Clock clock) {
        this.store = store;
        this.documents = documents;
        this.clock = clock;
    }

    CreateRoleResponse createRole(CallContext call, CreateRoleRequest request) {
        documents.validate(request.assumeRolePolicyDocument(), PolicyParser.Kind.RESOURCE);
        String boundary = request.permissionsBoundary();
        if (boundary != null && store.policy(boundary) == null) {
            throw new NoSuchEntityException("Policy " + boundary + " does not exist or is not attachable.");
        }
        String path = request.path() == null ? "/" : request.path();
        IamRole role = new IamRole(request.roleName(), IamIds.roleId(), path,
                IamArns.role(call.principal().accountId(), path, request.roleName()), clock.instant(),
                request.assumeRolePolicyDocument(),
                request.maxSessionDuration() == null ? DEFAULT_SESSION_SECONDS : request.maxSessionDuration(),
                request.description(), boundary);
        List<Row> tagRows = TagOperations.rowsFor(IamStore.roleOwner(request.roleName()), request.tags());
        boolean created = store.write(tx -> {
            if (!tx.insert(IamStore.ROLES, IamStore.roleRow(role))) {
                return false;
            }
            tagRows.forEach(row -> tx.put(IamStore.TAGS, row));
            return true;
        });
        if (!created) {
            throw new EntityAlreadyExistsException("Role with name " + request.roleName() + " already exists.");
        }
        return CreateRoleResponse.builder().role(shape(role)).build();
    }

    GetRoleResponse getRole(CallContext call, GetRoleRequest request) {
        return GetRoleResponse.builder().role(shape(existing(request.roleName()))).build();
    }

    ListRolesResponse listRoles(CallContext call, ListRolesRequest request) {
        String prefix = request.pathPrefix() == null ? "/" : request.pathPrefix();
        List<IamRole> roles = store.roles().stream().filter(r -> r.path().startsWith(prefix))
                .sorted(Comparator.comparing(r -> IamStore.key(r.roleName()))).toList();
        Page<IamRole> page = Page.of(roles, r -> IamStore.key(r.roleName()), request.marker(), request.maxItems());
        return ListRolesResponse.builder().roles(page.items().stream().map(RoleOperations::shape).toList())
                .isTruncated(page.truncated()).marker(page.marker()).build();
    }

    void updateAssumeRolePolicy(CallContext call, UpdateAssumeRolePolicyRequest request) {
        documents.validate(request.policyDocument(), PolicyParser.Kind.RESOURCE);
        IamRole role = existing(request.roleName());
        store.write(tx -> {
            tx.put(IamStore.ROLES, IamStore.roleRow(new IamRole(role.roleName(), role.roleId(), role.path(), role.arn(),
                    role.created(), request.policyDocument(), role.maxSessionDuration(), role.description(),
                    role.boundaryArn())));
            return null;
        });
    }

    void deleteRole(CallContext call, DeleteRoleRequest request) {
        IamRole role = existing(request.roleName());
        String owner = IamStore.roleOwner(role.roleName());
        if (!store.inlinePolicies(owner).isEmpty()) {
            throw new DeleteConflictException("Cannot delete entity, must delete policies first.");
        }
        if (!store.attachedTo(owner).isEmpty()) {
            throw new DeleteConflictException("Cannot delete entity, must detach all policies first.");
        }
        store.write(tx -> {
            store.tags(owner).keySet().forEach(key -> tx.delete(IamStore.TAGS, IamStore.tagId(owner, key)));
            return tx.delete(IamStore.ROLES, IamStore.key(role.roleName()));
        });
    }

    /** The named role, or NoSuchEntity in IAM's words. */
    IamRole existing(String roleName) {
        IamRole role = store.role(roleName);
        if (role == null) {
            throw new NoSuchEntityException("The role with name " + roleName + " cannot be found.");
        }
        return role;
    }

    static Role shape(IamRole role) {
        return Role.builder().roleName(role.roleName()).roleId(role.roleId()).arn(role.arn()).path(role.path())
                .createDate(role.created()).maxSessionDuration(role.maxSessionDuration()).description(role.description())
                .assumeRolePolicyDocument(PolicyDocuments.encoded(role.trustPolicy()))
                .permissionsBoundary(role.boundaryArn() == null ? null : AttachedPermissionsBoundary.builder()
                        .permissionsBoundaryArn(role.boundaryArn()).permissionsBoundaryType("Policy").build())
                .build();
    }
}
