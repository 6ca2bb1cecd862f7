package dev.garrison.iam;

import dev.garrison.api.iam.CreateUserRequest;
import dev.garrison.api.iam.CreateUserResponse;
import dev.garrison.api.iam.DeleteConflictException;
import dev.garrison.api.iam.DeleteUserRequest;
import dev.garrison.api.iam.EntityAlreadyExistsException;
import dev.garrison.api.iam.GetUserRequest;
import dev.garrison.api.iam.GetUserResponse;
import dev.garrison.api.iam.ListUsersRequest;
import dev.garrison.api.iam.ListUsersResponse;
import dev.garrison.api.iam.NoSuchEntityException;
import dev.garrison.api.iam.Tag;
import dev.garrison.api.iam.User;
import dev.garrison.api.iam.AttachedPermissionsBoundary;
import dev.garrison.platform.auth.StoredCredentials;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.CommonErrors;
import dev.garrison.platform.storage.Row;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** IAM users: create, get, list, delete. */
final class UserOperations {
    private final IamStore store;
    private final StoredCredentials credentials;
    private final Clock clock;

    UserOperations(IamStore store, StoredCredentials credentials, Clock clock) {
        this.store = store;
        this.credentials = credentials;
        this.clock = clock;
    }

    CreateUserResponse createUser(CallContext call, CreateUserRequest request) {
        String boundary = request.permissionsBoundary();
        if (boundary != null && store.policy(boundary) == null) {
            throw new NoSuchEntityException("Policy " + boundary + " does not exist or is not attachable.");
        }
        IamUser user = create(call.principal().accountId(), request.userName(), request.path() == null ? "/" : request.path(),
                boundary, request.tags());
        return CreateUserResponse.builder().user(shape(user)).build();
    }

    /** Creates the user; EntityAlreadyExists when the name is taken in any case. */
    IamUser create(String account, String userName, String path, @Nullable String boundaryArn, @Nullable List<Tag> tags) {
        IamUser user = new IamUser(userName, IamIds.userId(), path, IamArns.user(account, path, userName), clock.instant(),
                boundaryArn);
        List<Row> tagRows = TagOperations.rowsFor(IamStore.userOwner(userName), tags);
        boolean created = store.write(tx -> {
            if (!tx.insert(IamStore.USERS, IamStore.userRow(user))) {
                return false;
            }
            tagRows.forEach(row -> tx.put(IamStore.TAGS, row));
            return true;
        });
        if (!created) {
            throw new EntityAlreadyExistsException("User with name " + userName + " already exists.");
        }
        return user;
    }

    GetUserResponse getUser(CallContext call, GetUserRequest request) {
        return GetUserResponse.builder().user(shape(existing(callerOr(call, request.userName())))).build();
    }

    ListUsersResponse listUsers(CallContext call, ListUsersRequest request) {
        String prefix = request.pathPrefix() == null ? "/" : request.pathPrefix();
        List<IamUser> users = store.users().stream().filter(u -> u.path().startsWith(prefix))
                .sorted(Comparator.comparing(u -> IamStore.key(u.userName()))).toList();
        Page<IamUser> page = Page.of(users, u -> IamStore.key(u.userName()), request.marker(), request.maxItems());
        return ListUsersResponse.builder().users(page.items().stream().map(UserOperations::shape).toList())
                .isTruncated(page.truncated()).marker(page.marker()).build();
    }

    void deleteUser(CallContext call, DeleteUserRequest request) {
        IamUser user = existing(request.userName());
        if (!credentials.keysOf(user.arn()).isEmpty()) {
            throw new DeleteConflictException("Cannot delete entity, must delete access keys first.");
        }
        String owner = IamStore.userOwner(user.userName());
        if (!store.inlinePolicies(owner).isEmpty()) {
            throw new DeleteConflictException("Cannot delete entity, must delete policies first.");
        }
        if (!store.attachedTo(owner).isEmpty()) {
            throw new DeleteConflictException("Cannot delete entity, must detach all policies first.");
        }
        if (!store.groupsOf(user.userName()).isEmpty()) {
            throw new DeleteConflictException("Cannot delete entity, must remove user from all groups first.");
        }
        store.write(tx -> {
            store.tags(owner).keySet().forEach(key -> tx.delete(IamStore.TAGS, IamStore.tagId(owner, key)));
            return tx.delete(IamStore.USERS, IamStore.key(user.userName()));
        });
    }

    /** The named user, or NoSuchEntity in IAM's words. */
    IamUser existing(String userName) {
        IamUser user = store.user(userName);
        if (user == null) {
            throw new NoSuchEntityException("The user with name " + userName + " cannot be found.");
        }
        return user;
    }

    /** The named user, or the calling user when no name is given (as IAM defaults it). */
    String callerOr(CallContext call, @Nullable String userName) {
        if (userName != null) {
            return userName;
        }
        if (!call.principal().type().equals("IAMUser")) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "Must specify userName when calling with non-User credentials");
        }
        return call.principal().name();
    }

    static User shape(IamUser user) {
        return User.builder().userName(user.userName()).userId(user.userId()).arn(user.arn()).path(user.path())
                .createDate(user.created())
                .permissionsBoundary(user.boundaryArn() == null ? null : AttachedPermissionsBoundary.builder()
                        .permissionsBoundaryArn(user.boundaryArn()).permissionsBoundaryType("Policy").build())
                .build();
    }
}
