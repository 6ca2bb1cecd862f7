package dev.garrison.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.garrison.platform.storage.Row;
import dev.garrison.platform.storage.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * IAM's tables: users, managed policies, inline policies and attachments. Names are unique
 * without regard to case, so rows are keyed by the lower-cased name; every write is one
 * durable transaction.
 */
final class IamStore {
    static final String USERS = "iam_users";
    static final String POLICIES = "iam_policies";
    static final String INLINE = "iam_inline_policies";
    static final String ATTACHMENTS = "iam_attachments";
    static final String ROLES = "iam_roles";
    static final String SESSIONS = "iam_sessions";
    static final String GROUPS = "iam_groups";
    static final String MEMBERSHIPS = "iam_memberships";
    static final String TAGS = "iam_tags";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final AtomicLong generation = new AtomicLong();

    IamStore(Store store) {
        this.store = store;
    }

    /** One durable transaction; afterwards the generation moves on so cached views are rebuilt. */
    <T> T write(Function<Store.WriteTransaction, T> work) {
        try {
            return store.write(work);
        } finally {
            generation.incrementAndGet();
        }
    }

    /**
     * Counts the writes made through this store. Read it before reading entities: a view built
     * from those reads is current while the generation has not moved. Writes by another server
     * sharing the database do not move it.
     */
    long generation() {
        return generation.get();
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The owner key of a user's inline policies and attachments. */
    static String userOwner(String userName) {
        return "user/" + key(userName);
    }

    /** The owner key of a role's inline policies and attachments. */
    static String roleOwner(String roleName) {
        return "role/" + key(roleName);
    }

    /** The owner key of a virtual MFA device's tags: a digest of its serial number, which can outgrow the column. */
    static String mfaOwner(String serialNumber) {
        try {
            return "mfa/" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(serialNumber.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The owner key of a managed policy's tags: its id, as ARNs can outgrow the column. */
    static String policyOwner(ManagedPolicy policy) {
        return "policy/" + policy.policyId();
    }

    /** The owner key of a group's inline policies and attachments. */
    static String groupOwner(String groupName) {
        return "group/" + key(groupName);
    }

    // --- groups and their members

    @Nullable IamGroup group(String groupName) {
        Row row = store.get(GROUPS, key(groupName));
        return row == null ? null : readGroup(row);
    }

    List<IamGroup> groups() {
        return store.all(GROUPS).stream().map(IamStore::readGroup).toList();
    }

    static Row groupRow(IamGroup group) {
        ObjectNode value = JSON.createObjectNode().put("groupName", group.groupName()).put("groupId", group.groupId())
                .put("path", group.path()).put("arn", group.arn()).put("created", group.created().toString());
        return new Row(key(group.groupName()), Map.of("group_id", group.groupId()), bytes(value));
    }

    private static IamGroup readGroup(Row row) {
        JsonNode v = tree(row.value());
        return new IamGroup(v.get("groupName").asText(), v.get("groupId").asText(), v.get("path").asText(),
                v.get("arn").asText(), Instant.parse(v.get("created").asText()));
    }

    /** The lower-cased names of the group's members. */
    List<String> members(String groupName) {
        return store.find(MEMBERSHIPS, "group_key", key(groupName)).stream().map(r -> (String) r.index().get("user_key"))
                .toList();
    }

    /** The lower-cased names of the user's groups. */
    List<String> groupsOf(String userName) {
        return store.find(MEMBERSHIPS, "user_key", key(userName)).stream().map(r -> (String) r.index().get("group_key"))
                .toList();
    }

    static String membershipId(String groupName, String userName) {
        return key(groupName) + "|" + key(userName);
    }

    static Row membershipRow(String groupName, String userName) {
        return new Row(membershipId(groupName, userName), Map.of("group_key", key(groupName), "user_key", key(userName)),
                new byte[0]);
    }

    // --- tags of users and roles: key -> value, keys as given

    Map<String, String> tags(String owner) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Row row : store.find(TAGS, "owner", owner)) {
            JsonNode v = tree(row.value());
            out.put(v.get("key").asText(), v.get("value").asText());
        }
        return out;
    }

    static String tagId(String owner, String key) {
        return owner + "|" + key(key);
    }

    static Row tagRow(String owner, String key, String value) {
        return new Row(tagId(owner, key), Map.of("owner", owner),
                bytes(JSON.createObjectNode().put("key", key).put("value", value)));
    }

    // --- roles

    @Nullable IamRole role(String roleName) {
        Row row = store.get(ROLES, key(roleName));
        return row == null ? null : readRole(row);
    }

    List<IamRole> roles() {
        return store.all(ROLES).stream().map(IamStore::readRole).toList();
    }

    static Row roleRow(IamRole role) {
        ObjectNode value = JSON.createObjectNode()
                .put("roleName", role.roleName()).put("roleId", role.roleId()).put("path", role.path())
                .put("arn", role.arn()).put("created", role.created().toString()).put("trustPolicy", role.trustPolicy())
                .put("maxSessionDuration", role.maxSessionDuration());
        if (role.description() != null) {
            value.put("description", role.description());
        }
        if (role.boundaryArn() != null) {
            value.put("boundaryArn", role.boundaryArn());
        }
        return new Row(key(role.roleName()), Map.of("role_id", role.roleId()), bytes(value));
    }

    private static IamRole readRole(Row row) {
        JsonNode v = tree(row.value());
        return new IamRole(v.get("roleName").asText(), v.get("roleId").asText(), v.get("path").asText(),
                v.get("arn").asText(), Instant.parse(v.get("created").asText()), v.get("trustPolicy").asText(),
                v.get("maxSessionDuration").asInt(), text(v, "description"), text(v, "boundaryArn"));
    }

    // --- role sessions

    @Nullable RoleSession session(String accessKeyId) {
        Row row = store.get(SESSIONS, accessKeyId);
        if (row == null) {
            return null;
        }
        JsonNode v = tree(row.value());
        List<String> policies = new ArrayList<>();
        v.get("policies").forEach(n -> policies.add(n.asText()));
        List<String> arns = new ArrayList<>();
        v.get("policyArns").forEach(n -> arns.add(n.asText()));
        return new RoleSession(row.id(), v.get("roleName").asText(), v.get("sessionName").asText(),
                Instant.parse(v.get("expires").asText()), policies, arns);
    }

    /** Deletes the sessions that expired before {@code now}. */
    void purgeExpiredSessions(Instant now) {
        List<String> expired = new ArrayList<>();
        for (Row row : store.all(SESSIONS)) {
            if (Instant.parse(tree(row.value()).get("expires").asText()).isBefore(now)) {
                expired.add(row.id());
            }
        }
        if (!expired.isEmpty()) {
            write(tx -> {
                expired.forEach(id -> tx.delete(SESSIONS, id));
                return null;
            });
        }
    }

    static Row sessionRow(RoleSession session) {
        ObjectNode value = JSON.createObjectNode().put("roleName", session.roleName())
                .put("sessionName", session.sessionName()).put("expires", session.expires().toString());
        ArrayNode policies = value.putArray("policies");
        session.policies().forEach(policies::add);
        ArrayNode arns = value.putArray("policyArns");
        session.policyArns().forEach(arns::add);
        return new Row(session.accessKeyId(), Map.of("role", key(session.roleName())), bytes(value));
    }

    // --- users

    @Nullable IamUser user(String userName) {
        Row row = store.get(USERS, key(userName));
        return row == null ? null : readUser(row);
    }

    List<IamUser> users() {
        return store.all(USERS).stream().map(IamStore::readUser).toList();
    }

    static Row userRow(IamUser user) {
        ObjectNode value = JSON.createObjectNode()
                .put("userName", user.userName()).put("userId", user.userId()).put("path", user.path())
                .put("arn", user.arn()).put("created", user.created().toString());
        if (user.boundaryArn() != null) {
            value.put("boundaryArn", user.boundaryArn());
        }
        return new Row(key(user.userName()), Map.of("user_id", user.userId()), bytes(value));
    }

    private static IamUser readUser(Row row) {
        JsonNode v = tree(row.value());
        return new IamUser(v.get("userName").asText(), v.get("userId").asText(), v.get("path").asText(),
                v.get("arn").asText(), Instant.parse(v.get("created").asText()), text(v, "boundaryArn"));
    }

    // --- managed policies

    @Nullable ManagedPolicy policy(String arn) {
        Row row = store.get(POLICIES, arn);
        return row == null ? null : readPolicy(row);
    }

    List<ManagedPolicy> policies() {
        return store.all(POLICIES).stream().map(IamStore::readPolicy).toList();
    }

    static Row policyRow(ManagedPolicy policy) {
        ObjectNode value = JSON.createObjectNode()
                .put("name", policy.name()).put("policyId", policy.policyId()).put("arn", policy.arn())
                .put("path", policy.path()).put("created", policy.created().toString())
                .put("updated", policy.updated().toString()).put("defaultVersionId", policy.defaultVersionId())
                .put("nextVersion", policy.nextVersion());
        if (policy.description() != null) {
            value.put("description", policy.description());
        }
        ArrayNode versions = value.putArray("versions");
        for (ManagedPolicy.Version version : policy.versions()) {
            versions.addObject().put("versionId", version.versionId()).put("document", version.document())
                    .put("created", version.created().toString());
        }
        return new Row(policy.arn(), Map.of("scope", "Local"), bytes(value));
    }

    static ManagedPolicy readPolicy(Row row) {
        JsonNode v = tree(row.value());
        List<ManagedPolicy.Version> versions = new ArrayList<>();
        v.get("versions").forEach(n -> versions.add(new ManagedPolicy.Version(n.get("versionId").asText(),
                n.get("document").asText(), Instant.parse(n.get("created").asText()))));
        return new ManagedPolicy(v.get("name").asText(), v.get("policyId").asText(), v.get("arn").asText(),
                v.get("path").asText(), text(v, "description"), Instant.parse(v.get("created").asText()),
                Instant.parse(v.get("updated").asText()), v.get("defaultVersionId").asText(), versions,
                v.get("nextVersion").asInt());
    }

    // --- inline policies: name -> document, in name order

    Map<String, String> inlinePolicies(String owner) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Row row : store.find(INLINE, "owner", owner)) {
            JsonNode v = tree(row.value());
            out.put(v.get("policyName").asText(), v.get("document").asText());
        }
        return out;
    }

    static String inlineId(String owner, String policyName) {
        return owner + "/" + key(policyName);
    }

    static Row inlineRow(String owner, String policyName, String document) {
        return new Row(inlineId(owner, policyName), Map.of("owner", owner),
                bytes(JSON.createObjectNode().put("policyName", policyName).put("document", document)));
    }

    // --- attachments

    /** The ARNs of the managed policies attached to {@code owner}, in ARN order. */
    List<String> attachedTo(String owner) {
        return store.find(ATTACHMENTS, "owner", owner).stream().map(r -> (String) r.index().get("policy_arn")).toList();
    }

    int attachmentCount(String policyArn) {
        return store.find(ATTACHMENTS, "policy_arn", policyArn).size();
    }

    static String attachmentId(String owner, String policyArn) {
        return owner + "|" + policyArn;
    }

    static Row attachmentRow(String owner, String policyArn) {
        return new Row(attachmentId(owner, policyArn), Map.of("owner", owner, "policy_arn", policyArn), new byte[0]);
    }

    // --- JSON

    private static byte[] bytes(JsonNode value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode tree(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
