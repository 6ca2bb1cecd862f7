package dev.garrison.iam;

import dev.garrison.api.iam.AddUserToGroupRequest;
import dev.garrison.api.iam.CreateGroupRequest;
import dev.garrison.api.iam.CreateGroupResponse;
import dev.garrison.api.iam.DeleteConflictException;
import dev.garrison.api.iam.DeleteGroupRequest;
import dev.garrison.api.iam.EntityAlreadyExistsException;
import dev.garrison.api.iam.GetGroupRequest;
import dev.garrison.api.iam.GetGroupResponse;
import dev.garrison.api.iam.Group;
import dev.garrison.api.iam.LimitExceededException;
import dev.garrison.api.iam.ListGroupsForUserRequest;
import dev.garrison.api.iam.ListGroupsForUserResponse;
import dev.garrison.api.iam.ListGroupsRequest;
import dev.garrison.api.iam.ListGroupsResponse;
import dev.garrison.api.iam.NoSuchEntityException;
import dev.garrison.api.iam.RemoveUserFromGroupRequest;
import dev.garrison.api.iam.User;
import dev.garrison.platform.core.CallContext;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** IAM groups and their members: a user belongs to at most ten groups and takes on their policies. */
final class GroupOperations {
    static final int GROUPS_PER_USER = 10;

    private final IamStore store;
    private final UserOperations users;
    private final Clock clock;

    GroupOperations(IamStore store, UserOperations users, Clock clock) {
        this.store = store;
        this.users = users;
        this.clock = clock;
    }

    CreateGroupResponse createGroup(CallContext call, CreateGroupRequest request) {
        String path = request.path() == null ? "/" : request.path();
        IamGroup group = new IamGroup(request.groupName(), IamIds.groupId(), path,
                IamArns.group(call.principal().accountId(), path, request.groupName()), clock.instant());
        if (!store.write(tx -> tx.insert(IamStore.GROUPS, IamStore.groupRow(group)))) {
            throw new EntityAlreadyExistsException("Group with name " + request.groupName() + " already exists.");
        }
        return CreateGroupResponse.builder().group(shape(group)).build();
    }

    GetGroupResponse getGroup(CallContext call, GetGroupRequest request) {
        IamGroup group = existing(request.groupName());
        List<IamUser> members = store.members(group.groupName()).stream().map(store::user).filter(Objects::nonNull)
                .sorted(Comparator.comparing(u -> IamStore.key(u.userName()))).toList();
        Page<IamUser> page = Page.of(members, u -> IamStore.key(u.userName()), request.marker(), request.maxItems());
        List<User> shapes = page.items().stream().map(UserOperations::shape).toList();
        return GetGroupResponse.builder().group(shape(group)).users(shapes).isTruncated(page.truncated())
                .marker(page.marker()).build();
    }

    ListGroupsResponse listGroups(CallContext call, ListGroupsRequest request) {
        String prefix = request.pathPrefix() == null ? "/" : request.pathPrefix();
        Page<IamGroup> page = page(store.groups().stream().filter(g -> g.path().startsWith(prefix)).toList(),
                request.marker(), request.maxItems());
        return ListGroupsResponse.builder().groups(page.items().stream().map(GroupOperations::shape).toList())
                .isTruncated(page.truncated()).marker(page.marker()).build();
    }

    ListGroupsForUserResponse listGroupsForUser(CallContext call, ListGroupsForUserRequest request) {
        IamUser user = users.existing(request.userName());
        Page<IamGroup> page = page(store.groupsOf(user.userName()).stream().map(store::group).filter(Objects::nonNull)
                .toList(), request.marker(), request.maxItems());
        return ListGroupsForUserResponse.builder().groups(page.items().stream().map(GroupOperations::shape).toList())
                .isTruncated(page.truncated()).marker(page.marker()).build();
    }

    void addUserToGroup(CallContext call, AddUserToGroupRequest request) {
        IamGroup group = existing(request.groupName());
        IamUser user = users.existing(request.userName());
        List<String> groups = store.groupsOf(user.userName());
        if (groups.contains(IamStore.key(group.groupName()))) {
            return;
        }
        if (groups.size() >= GROUPS_PER_USER) {
            throw new LimitExceededException("Cannot exceed quota for GroupsPerUser: " + GROUPS_PER_USER);
        }
        store.write(tx -> {
            tx.put(IamStore.MEMBERSHIPS, IamStore.membershipRow(group.groupName(), user.userName()));
            return null;
        });
    }

    void removeUserFromGroup(CallContext call, RemoveUserFromGroupRequest request) {
        IamGroup group = existing(request.groupName());
        IamUser user = users.existing(request.userName());
        if (!store.write(tx -> tx.delete(IamStore.MEMBERSHIPS, IamStore.membershipId(group.groupName(), user.userName())))) {
            throw new NoSuchEntityException("The user with name " + user.userName() + " cannot be found in group "
                    + group.groupName() + ".");
        }
    }

    void deleteGroup(CallContext call, DeleteGroupRequest request) {
        IamGroup group = existing(request.groupName());
        String owner = IamStore.groupOwner(group.groupName());
        if (!store.members(group.groupName()).isEmpty()) {
            throw new DeleteConflictException("Cannot delete entity, must remove users from group first.");
        }
        if (!store.inlinePolicies(owner).isEmpty()) {
            throw new DeleteConflictException("Cannot delete entity, must delete policies first.");
        }
        if (!store.attachedTo(owner).isEmpty()) {
            throw new DeleteConflictException("Cannot delete entity, must detach all policies first.");
        }
        store.write(tx -> tx.delete(IamStore.GROUPS, IamStore.key(group.groupName())));
    }

    /** The named group, or NoSuchEntity in IAM's words. */
    IamGroup existing(String groupName) {
        IamGroup group = store.group(groupName);
        if (group == null) {
            throw new NoSuchEntityException("The group with name " + groupName + " cannot be found.");
        }
        return group;
    }

    private static Page<IamGroup> page(List<IamGroup> groups, @Nullable String marker, @Nullable Integer maxItems) {
        List<IamGroup> sorted = groups.stream().sorted(Comparator.comparing(g -> IamStore.key(g.groupName()))).toList();
        return Page.of(sorted, g -> IamStore.key(g.groupName()), marker, maxItems);
    }

    static Group shape(IamGroup group) {
        return Group.builder().groupName(group.groupName()).groupId(group.groupId()).arn(group.arn()).path(group.path())
                .createDate(group.created()).build();
    }
}
