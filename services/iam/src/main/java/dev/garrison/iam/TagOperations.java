package dev.garrison.iam;

import dev.garrison.api.iam.InvalidInputException;
import dev.garrison.api.iam.LimitExceededException;
import dev.garrison.api.iam.ListMFADeviceTagsRequest;
import dev.garrison.api.iam.ListMFADeviceTagsResponse;
import dev.garrison.api.iam.ListPolicyTagsRequest;
import dev.garrison.api.iam.ListPolicyTagsResponse;
import dev.garrison.api.iam.ListRoleTagsRequest;
import dev.garrison.api.iam.ListRoleTagsResponse;
import dev.garrison.api.iam.ListUserTagsRequest;
import dev.garrison.api.iam.ListUserTagsResponse;
import dev.garrison.api.iam.Tag;
import dev.garrison.api.iam.TagMFADeviceRequest;
import dev.garrison.api.iam.TagPolicyRequest;
import dev.garrison.api.iam.TagRoleRequest;
import dev.garrison.api.iam.TagUserRequest;
import dev.garrison.api.iam.UntagMFADeviceRequest;
import dev.garrison.api.iam.UntagPolicyRequest;
import dev.garrison.api.iam.UntagRoleRequest;
import dev.garrison.api.iam.UntagUserRequest;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.storage.Row;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Tags of users, roles, managed policies and virtual MFA devices: at most 50 each, keys unique
 * without regard to case, none starting with aws:.
 */
final class TagOperations {
    static final int TAGS_PER_ENTITY = 50;

    private final IamStore store;
    private final UserOperations users;
    private final RoleOperations roles;
    private final ManagedPolicyOperations policies;
    private final MfaDevices mfa;

    TagOperations(IamStore store, UserOperations users, RoleOperations roles, ManagedPolicyOperations policies,
            MfaDevices mfa) {
        this.mfa = mfa;
        this.store = store;
        this.users = users;
        this.roles = roles;
        this.policies = policies;
    }

    void tagPolicy(CallContext call, TagPolicyRequest request) {
        tag(IamStore.policyOwner(policies.existing(request.policyArn())), request.tags());
    }

    void untagPolicy(CallContext call, UntagPolicyRequest request) {
        untag(IamStore.policyOwner(policies.existing(request.policyArn())), request.tagKeys());
    }

    ListPolicyTagsResponse listPolicyTags(CallContext call, ListPolicyTagsRequest request) {
        Page<Tag> page = page(IamStore.policyOwner(policies.existing(request.policyArn())), request.marker(),
                request.maxItems());
        return ListPolicyTagsResponse.builder().tags(page.items()).isTruncated(page.truncated()).marker(page.marker())
                .build();
    }

    void tagMfaDevice(CallContext call, TagMFADeviceRequest request) {
        tag(IamStore.mfaOwner(mfa.existing(request.serialNumber())), request.tags());
    }

    void untagMfaDevice(CallContext call, UntagMFADeviceRequest request) {
        untag(IamStore.mfaOwner(mfa.existing(request.serialNumber())), request.tagKeys());
    }

    ListMFADeviceTagsResponse listMfaDeviceTags(CallContext call, ListMFADeviceTagsRequest request) {
        Page<Tag> page = page(IamStore.mfaOwner(mfa.existing(request.serialNumber())), request.marker(), request.maxItems());
        return ListMFADeviceTagsResponse.builder().tags(page.items()).isTruncated(page.truncated()).marker(page.marker())
                .build();
    }

    void tagUser(CallContext call, TagUserRequest request) {
        tag(IamStore.userOwner(users.existing(request.userName()).userName()), request.tags());
    }

    void tagRole(CallContext call, TagRoleRequest request) {
        tag(IamStore.roleOwner(roles.existing(request.roleName()).roleName()), request.tags());
    }

    void untagUser(CallContext call, UntagUserRequest request) {
        untag(IamStore.userOwner(users.existing(request.userName()).userName()), request.tagKeys());
    }

    void untagRole(CallContext call, UntagRoleRequest request) {
        untag(IamStore.roleOwner(roles.existing(request.roleName()).roleName()), request.tagKeys());
    }

    ListUserTagsResponse listUserTags(CallContext call, ListUserTagsRequest request) {
        Page<Tag> page = page(IamStore.userOwner(users.existing(request.userName()).userName()), request.marker(),
                request.maxItems());
        return ListUserTagsResponse.builder().tags(page.items()).isTruncated(page.truncated()).marker(page.marker()).build();
    }

    ListRoleTagsResponse listRoleTags(CallContext call, ListRoleTagsRequest request) {
        Page<Tag> page = page(IamStore.roleOwner(roles.existing(request.roleName()).roleName()), request.marker(),
                request.maxItems());
        return ListRoleTagsResponse.builder().tags(page.items()).isTruncated(page.truncated()).marker(page.marker()).build();
    }

    /** The rows that give a new entity its tags, checked as IAM checks them; written with the entity. */
    static List<Row> rowsFor(String owner, @Nullable List<Tag> tags) {
        List<Row> rows = new ArrayList<>();
        if (tags != null) {
            checked(tags, Map.of());
            tags.forEach(tag -> rows.add(IamStore.tagRow(owner, tag.key(), tag.value())));
        }
        return rows;
    }

    private void tag(String owner, List<Tag> tags) {
        checked(tags, store.tags(owner));
        store.write(tx -> {
            tags.forEach(tag -> tx.put(IamStore.TAGS, IamStore.tagRow(owner, tag.key(), tag.value())));
            return null;
        });
    }

    private void untag(String owner, List<String> keys) {
        store.write(tx -> {
            keys.forEach(key -> tx.delete(IamStore.TAGS, IamStore.tagId(owner, key)));
            return null;
        });
    }

    private static void checked(List<Tag> tags, Map<String, String> existing) {
        Set<String> keys = new HashSet<>();
        existing.keySet().forEach(key -> keys.add(key.toLowerCase(Locale.ROOT)));
        Set<String> given = new HashSet<>();
        for (Tag tag : tags) {
            String key = tag.key().toLowerCase(Locale.ROOT);
            if (key.startsWith("aws:")) {
                throw new InvalidInputException("Tag keys starting with 'aws:' are reserved for AWS use.");
            }
            if (!given.add(key)) {
                throw new InvalidInputException("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }
            keys.add(key);
        }
        if (keys.size() > TAGS_PER_ENTITY) {
            throw new LimitExceededException("The number of tags has reached the maximum limit.");
        }
    }

    private Page<Tag> page(String owner, @Nullable String marker, @Nullable Integer maxItems) {
        List<Tag> tags = store.tags(owner).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .sorted(java.util.Comparator.comparing(t -> t.key().toLowerCase(Locale.ROOT))).toList();
        return Page.of(tags, t -> t.key().toLowerCase(Locale.ROOT), marker, maxItems);
    }
}
