package dev.garrison.kms;

import dev.garrison.api.kms.DisabledException;
import dev.garrison.api.kms.DryRunOperationException;
import dev.garrison.api.kms.KMSInvalidStateException;
import dev.garrison.api.kms.NotFoundException;
import dev.garrison.platform.core.Authorizer;
import dev.garrison.platform.core.CallContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Finds the key a request names (key id, key ARN, alias name or alias ARN) and asks the shared
 * evaluator whether the caller may act on it: the key policy must allow, and where it names the
 * account, the caller's IAM policies too. KMS's condition keys go along.
 */
final class KeyAccess {
    private static final Pattern KEY_ID = Pattern.compile("(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");

    /** A key found, and the alias it was named by, if any. */
    record Found(KmsKey key, @Nullable String alias) {}

    private final KeyStore keys;
    private final GrantStore grants;
    private final KeyPolicies policies;
    private final Authorizer authorizer;

    KeyAccess(KeyStore keys, GrantStore grants, KeyPolicies policies, Authorizer authorizer) {
        this.keys = keys;
        this.grants = grants;
        this.policies = policies;
        this.authorizer = authorizer;
    }

    /** The key {@code keyId} names, aliases allowed; NotFoundException in KMS's words otherwise. */
    Found find(CallContext call, String keyId) {
        String prefix = "arn:aws:kms:" + call.region() + ":" + call.principal().accountId() + ":";
        String alias = keyId.startsWith("alias/") ? keyId : keyId.startsWith(prefix + "alias/") ? keyId.substring(prefix.length()) : null;
        if (alias != null) {
            KeyStore.Alias stored = keys.alias(prefix + alias);
            KmsKey key = stored == null ? null : regional(call, stored.targetKeyId());
            if (key == null) {
                throw new NotFoundException("Alias " + prefix + alias + " is not found.");
            }
            return new Found(key, alias);
        }
        return new Found(findKey(call, keyId), null);
    }

    /** The key {@code keyId} names by key id or key ARN only, as key management operations take it. */
    KmsKey findKey(CallContext call, String keyId) {
        String prefix = "arn:aws:kms:" + call.region() + ":" + call.principal().accountId() + ":key/";
        String id = keyId.startsWith(prefix) ? keyId.substring(prefix.length()) : keyId;
        if (!KEY_ID.matcher(id).matches()) {
            throw new NotFoundException("Invalid keyId '" + keyId + "'");
        }
        KmsKey key = regional(call, id);
        if (key == null) {
            throw new NotFoundException("Key '" + prefix + id + "' does not exist");
        }
        return key;
    }

    /** The key with this id in the caller's account and region; keys are regional, as on AWS. */
    @Nullable KmsKey regional(CallContext call, String keyId) {
        KmsKey key = keys.find(keyId, call.region());
        return key != null && key.region().equals(call.region()) && key.account().equals(call.principal().accountId())
                ? key : null;
    }

    /** Returns when the caller may perform {@code operation} on {@code found}; AccessDeniedException otherwise. */
    void authorize(CallContext call, String operation, Found found, Map<String, List<String>> requestKeys) {
        authorize(call, operation, found, requestKeys, Map.of());
    }

    /**
     * The same for an operation that carries an encryption context: a grant on the key for the
     * caller, this operation and this context allows it too, unless a policy explicitly denies.
     */
    void authorize(CallContext call, String operation, Found found, Map<String, List<String>> requestKeys,
            Map<String, String> context) {
        KmsKey key = found.key();
        Map<String, List<String>> conditionKeys = new LinkedHashMap<>(requestKeys);
        conditionKeys.put("kms:CallerAccount", List.of(call.principal().accountId()));
        conditionKeys.put("kms:KeySpec", List.of(key.keySpec()));
        conditionKeys.put("kms:KeyUsage", List.of(key.keyUsage()));
        conditionKeys.put("kms:KeyOrigin", List.of(key.origin()));
        conditionKeys.put("kms:MultiRegion", List.of(Boolean.toString(key.multiRegion())));
        if (found.alias() != null) {
            conditionKeys.put("kms:RequestAlias", List.of(found.alias()));
        }
        List<String> aliases = new ArrayList<>();
        keys.aliases().stream().filter(a -> a.targetKeyId().equals(key.keyId())).forEach(a -> aliases.add(a.name()));
        if (!aliases.isEmpty()) {
            conditionKeys.put("kms:ResourceAliases", aliases);
        }
        key.tags().forEach((k, v) -> conditionKeys.put("aws:ResourceTag/" + k, List.of(v)));
        boolean granted = grants.onKey(key.rowId()).stream().anyMatch(g -> g.allows(call.principal(), operation, context));
        authorizer.authorize(call, "kms:" + operation, key.arn(), conditionKeys, policies.parsed(key.policy()), granted);
    }

    /** Keys with this context as KMS's condition keys name it. */
    static Map<String, List<String>> encryptionContextKeys(Map<String, String> context) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        context.forEach((k, v) -> keys.put("kms:EncryptionContext:" + k, List.of(v)));
        if (!context.isEmpty()) {
            keys.put("kms:EncryptionContextKeys", List.copyOf(context.keySet()));
        }
        return keys;
    }

    /** Answers DryRun requests that got this far: everything was allowed and valid. */
    static void dryRun(@Nullable Boolean dryRun) {
        if (Boolean.TRUE.equals(dryRun)) {
            throw new DryRunOperationException("The request would have succeeded, but the DryRun option is set.");
        }
    }

    /** Refuses cryptographic use of a key that is not enabled, as KMS does. */
    static void requireEnabled(KmsKey key) {
        switch (key.state()) {
            case "Enabled" -> { }
            case "Disabled" -> throw new DisabledException(key.arn() + " is disabled.");
            case "PendingDeletion", "PendingReplicaDeletion" ->
                    throw new KMSInvalidStateException(key.arn() + " is pending deletion.");
            case "PendingImport" -> throw new KMSInvalidStateException(key.arn() + " is pending import.");
            default -> throw new KMSInvalidStateException(key.arn() + " is " + key.state() + ".");
        }
    }
}
