package dev.garrison.kms;

import dev.garrison.api.kms.CancelKeyDeletionRequest;
import dev.garrison.api.kms.CancelKeyDeletionResponse;
import dev.garrison.api.kms.CreateKeyRequest;
import dev.garrison.api.kms.CreateKeyResponse;
import dev.garrison.api.kms.CustomKeyStoreInvalidStateException;
import dev.garrison.api.kms.DescribeKeyRequest;
import dev.garrison.api.kms.DescribeKeyResponse;
import dev.garrison.api.kms.KMSInvalidStateException;
import dev.garrison.api.kms.KeyListEntry;
import dev.garrison.api.kms.KeyMetadata;
import dev.garrison.api.kms.ListKeysRequest;
import dev.garrison.api.kms.ListKeysResponse;
import dev.garrison.api.kms.MultiRegionConfiguration;
import dev.garrison.api.kms.MultiRegionKey;
import dev.garrison.api.kms.ScheduleKeyDeletionRequest;
import dev.garrison.api.kms.ScheduleKeyDeletionResponse;
import dev.garrison.api.kms.UnsupportedOperationException;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.CommonErrors;
import dev.garrison.platform.core.NamePages;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A key's life: CreateKey, DescribeKey, ListKeys, EnableKey, DisableKey, ScheduleKeyDeletion,
 * CancelKeyDeletion, UpdateKeyDescription. Deletion waits 7 to 30 days on the clock; then the key
 * material is destroyed (see {@link KeyStore}).
 */
final class KeyOperations {
    private static final int DEFAULT_WINDOW_DAYS = 30;

    private final KeyStore keys;
    private final KeyAccess access;
    private final KeyPolicyOperations policies;
    private final CustomKeyStores customKeyStores;
    private final TokenSessions tokens;
    private final Clock clock;

    KeyOperations(KeyStore keys, KeyAccess access, KeyPolicyOperations policies, CustomKeyStores customKeyStores,
            TokenSessions tokens, Clock clock) {
        this.keys = keys;
        this.access = access;
        this.policies = policies;
        this.customKeyStores = customKeyStores;
        this.tokens = tokens;
        this.clock = clock;
    }

    CreateKeyResponse create(CallContext call, CreateKeyRequest request) {
        String spec = request.keySpec() != null ? request.keySpec()
                : request.customerMasterKeySpec() != null ? request.customerMasterKeySpec() : "SYMMETRIC_DEFAULT";
        if (request.keySpec() != null && request.customerMasterKeySpec() != null) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION,
                    "You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.");
        }
        String usage = request.keyUsage() == null ? "ENCRYPT_DECRYPT" : request.keyUsage();
        KeySpecs.Spec keySpec = KeySpecs.of(spec);
        if (keySpec == null) {
            throw new UnsupportedOperationException("Garrison does not create " + spec + " keys yet.");
        }
        if (keySpec.algorithms(usage).isEmpty()) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "KeyUsage " + usage + " is not compatible with KeySpec " + spec);
        }
        String origin = request.origin() == null ? "AWS_KMS" : request.origin();
        if (origin.equals("EXTERNAL_KEY_STORE")) {
            throw new UnsupportedOperationException("Garrison does not create keys in external key stores yet.");
        }
        if (origin.equals("AWS_CLOUDHSM") != (request.customKeyStoreId() != null)) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION,
                    "Origin AWS_CLOUDHSM and a CustomKeyStoreId must be specified together.");
        }
        boolean multiRegion = Boolean.TRUE.equals(request.multiRegion());
        if (request.xksKeyId() != null) {
            throw new UnsupportedOperationException("Garrison does not create keys in external key stores yet.");
        }
        TokenSessions.Session token = null;
        if (request.customKeyStoreId() != null) {
            if (!spec.equals("SYMMETRIC_DEFAULT") || multiRegion) {
                throw new UnsupportedOperationException("A custom key store holds single-Region SYMMETRIC_DEFAULT keys only.");
            }
            customKeyStores.require(request.customKeyStoreId());
            token = customKeyStores.session(request.customKeyStoreId());
            if (token == null) {
                throw new CustomKeyStoreInvalidStateException("The custom key store " + request.customKeyStoreId()
                        + " is not connected.");
            }
        }
        String account = call.principal().accountId();
        String keyId = multiRegion ? "mrk-" + UUID.randomUUID().toString().replace("-", "") : UUID.randomUUID().toString();
        String arn = "arn:aws:kms:" + call.region() + ":" + account + ":key/" + keyId;
        Map<String, String> tags = TagOperations.checked(Map.of(), request.tags() == null ? List.of() : request.tags());
        String policy = request.policy() == null ? KeyPolicies.defaultPolicy(account) : request.policy();
        KmsKey key = new KmsKey(keyId, arn, account, call.region(), spec, usage, origin,
                request.description() == null ? "" : request.description(),
                origin.equals("EXTERNAL") ? "PendingImport" : "Enabled", clock.instant(), null, null, policy, tags,
                material(keyId, keySpec, origin, token), null, null, null, multiRegion ? call.region() : null,
                request.customKeyStoreId());
        if (request.policy() != null) {
            policies.checkNewPolicy(call, key, request.policy(), Boolean.TRUE.equals(request.bypassPolicyLockoutSafetyCheck()));
        }
        keys.create(key);
        return CreateKeyResponse.builder().keyMetadata(metadata(key)).build();
    }

    /** A new key's first material: none until imported, inside the token, or made and sealed here. */
    private List<KmsKey.Material> material(String keyId, KeySpecs.Spec spec, String origin,
            TokenSessions.@Nullable Session token) {
        if (origin.equals("EXTERNAL")) {
            return List.of();
        }
        if (token == null) {
            return List.of(keys.newMaterial(keyId, spec, null));
        }
        KmsKey.Material material = keys.tokenMaterial();
        tokens.generate(token, keyId + "/" + material.id());
        return List.of(material);
    }

    DescribeKeyResponse describe(CallContext call, DescribeKeyRequest request) {
        KeyAccess.Found found = access.find(call, request.keyId());
        access.authorize(call, "DescribeKey", found, Map.of());
        return DescribeKeyResponse.builder().keyMetadata(metadata(found.key())).build();
    }

    ListKeysResponse list(CallContext call, ListKeysRequest request) {
        List<KmsKey> regional = keys.all().stream()
                .filter(k -> k.region().equals(call.region()) && k.account().equals(call.principal().accountId())).toList();
        NamePages.Page<KmsKey> page = NamePages.page(regional, KmsKey::keyId, request.marker(), request.limit(), 100,
                KmsService::invalidMarker);
        return ListKeysResponse.builder()
                .keys(page.items().stream().map(k -> KeyListEntry.builder().keyId(k.keyId()).keyArn(k.arn()).build()).toList())
                .nextMarker(page.next()).truncated(page.next() != null).build();
    }

    void enable(CallContext call, String keyId) {
        changeState(call, keyId, "EnableKey", "Enabled");
    }

    void disable(CallContext call, String keyId) {
        changeState(call, keyId, "DisableKey", "Disabled");
    }

    private void changeState(CallContext call, String keyId, String operation, String state) {
        KmsKey key = access.findKey(call, keyId);
        access.authorize(call, operation, new KeyAccess.Found(key, null), Map.of());
        if (key.pendingDeletion() || key.state().equals("PendingImport")) {
            throw new KMSInvalidStateException(key.arn() + " is " + (key.state().equals("PendingImport")
                    ? "pending import." : "pending deletion."));
        }
        keys.update(key.withState(state, null, null));
    }

    ScheduleKeyDeletionResponse scheduleDeletion(CallContext call, ScheduleKeyDeletionRequest request) {
        KmsKey key = access.findKey(call, request.keyId());
        int days = request.pendingWindowInDays() == null ? DEFAULT_WINDOW_DAYS : request.pendingWindowInDays();
        access.authorize(call, "ScheduleKeyDeletion", new KeyAccess.Found(key, null),
                Map.of("kms:ScheduleKeyDeletionPendingWindowInDays", List.of(Integer.toString(days))));
        if (days < 7 || days > 30) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "1 validation error detected: Value '" + days
                    + "' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value "
                    + (days < 7 ? "greater than or equal to 7" : "less than or equal to 30"));
        }
        if (key.pendingDeletion()) {
            throw new KMSInvalidStateException(key.arn() + " is pending deletion.");
        }
        boolean replicas = key.multiRegion() && key.region().equals(key.primaryRegion())
                && keys.copies(key.keyId()).size() > 1;
        if (replicas) {
            // the window starts once every replica is gone (KeyStore.sweep)
            keys.update(key.withState("PendingReplicaDeletion", null, days));
            return ScheduleKeyDeletionResponse.builder().keyId(key.arn()).keyState("PendingReplicaDeletion")
                    .pendingWindowInDays(days).build();
        }
        Instant deletion = clock.instant().plus(Duration.ofDays(days));
        keys.update(key.withState("PendingDeletion", deletion, days));
        return ScheduleKeyDeletionResponse.builder().keyId(key.arn()).deletionDate(deletion).keyState("PendingDeletion")
                .pendingWindowInDays(days).build();
    }

    CancelKeyDeletionResponse cancelDeletion(CallContext call, CancelKeyDeletionRequest request) {
        KmsKey key = access.findKey(call, request.keyId());
        access.authorize(call, "CancelKeyDeletion", new KeyAccess.Found(key, null), Map.of());
        if (!key.pendingDeletion()) {
            throw new KMSInvalidStateException(key.arn() + " is not pending deletion.");
        }
        keys.update(key.withState("Disabled", null, null));
        return CancelKeyDeletionResponse.builder().keyId(key.arn()).build();
    }

    void updateDescription(CallContext call, String keyId, String description) {
        KmsKey key = access.findKey(call, keyId);
        access.authorize(call, "UpdateKeyDescription", new KeyAccess.Found(key, null), Map.of());
        if (key.pendingDeletion()) {
            throw new KMSInvalidStateException(key.arn() + " is pending deletion.");
        }
        keys.update(key.withDescription(description));
    }

    /** Which copy is primary and which are replicas, as every copy describes it. */
    private MultiRegionConfiguration configuration(KmsKey key) {
        List<MultiRegionKey> replicas = new ArrayList<>();
        MultiRegionKey primary = null;
        for (KmsKey copy : keys.copies(key.keyId())) {
            MultiRegionKey entry = MultiRegionKey.builder().arn(copy.arn()).region(copy.region()).build();
            if (copy.region().equals(key.primaryRegion())) {
                primary = entry;
            } else {
                replicas.add(entry);
            }
        }
        return MultiRegionConfiguration.builder()
                .multiRegionKeyType(key.region().equals(key.primaryRegion()) ? "PRIMARY" : "REPLICA")
                .primaryKey(primary).replicaKeys(replicas).build();
    }

    private static String expirationModel(KmsKey key) {
        return !key.materials().isEmpty() && key.current().validTo() != null
                ? "KEY_MATERIAL_EXPIRES" : "KEY_MATERIAL_DOES_NOT_EXPIRE";
    }

    /** KMS's KeyMetadata for {@code key}. */
    KeyMetadata metadata(KmsKey key) {
        List<String> algorithms = key.spec().algorithms(key.keyUsage());
        return KeyMetadata.builder()
                .awsAccountId(key.account()).keyId(key.keyId()).arn(key.arn()).creationDate(key.created())
                .enabled(key.state().equals("Enabled")).description(key.description()).keyUsage(key.keyUsage())
                .keyState(key.state()).deletionDate(key.deletionDate())
                .pendingDeletionWindowInDays(key.pendingWindowDays()).origin(key.origin()).keyManager("CUSTOMER")
                .customerMasterKeySpec(key.keySpec()).keySpec(key.keySpec())
                .encryptionAlgorithms(key.keyUsage().equals("ENCRYPT_DECRYPT") ? algorithms : null)
                .signingAlgorithms(key.keyUsage().equals("SIGN_VERIFY") ? algorithms : null)
                .macAlgorithms(key.keyUsage().equals("GENERATE_VERIFY_MAC") ? algorithms : null)
                .keyAgreementAlgorithms(key.keyUsage().equals("KEY_AGREEMENT") ? algorithms : null)
                .customKeyStoreId(key.customKeyStoreId())
                .cloudHsmClusterId(key.customKeyStoreId() == null ? null : customKeyStores.require(key.customKeyStoreId()).clusterId())
                .multiRegion(key.multiRegion())
                .multiRegionConfiguration(key.multiRegion() ? configuration(key) : null)
                .currentKeyMaterialId(key.keySpec().equals("SYMMETRIC_DEFAULT") && !key.materials().isEmpty()
                        ? key.current().id() : null)
                .expirationModel(key.origin().equals("EXTERNAL") ? expirationModel(key) : null)
                .validTo(key.materials().isEmpty() ? null : key.current().validTo())
                .build();
    }
}
