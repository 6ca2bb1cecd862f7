package dev.garrison.kms;

import dev.garrison.api.kms.CancelKeyDeletionRequest;
import dev.garrison.api.kms.CancelKeyDeletionResponse;
import dev.garrison.api.kms.ConnectCustomKeyStoreRequest;
import dev.garrison.api.kms.ConnectCustomKeyStoreResponse;
import dev.garrison.api.kms.CreateAliasRequest;
import dev.garrison.api.kms.CreateCustomKeyStoreRequest;
import dev.garrison.api.kms.CreateCustomKeyStoreResponse;
import dev.garrison.api.kms.CreateGrantRequest;
import dev.garrison.api.kms.CreateGrantResponse;
import dev.garrison.api.kms.CreateKeyRequest;
import dev.garrison.api.kms.CreateKeyResponse;
import dev.garrison.api.kms.DecryptRequest;
import dev.garrison.api.kms.DecryptResponse;
import dev.garrison.api.kms.DeleteAliasRequest;
import dev.garrison.api.kms.DeleteCustomKeyStoreRequest;
import dev.garrison.api.kms.DeleteCustomKeyStoreResponse;
import dev.garrison.api.kms.DeleteImportedKeyMaterialRequest;
import dev.garrison.api.kms.DeleteImportedKeyMaterialResponse;
import dev.garrison.api.kms.DeriveSharedSecretRequest;
import dev.garrison.api.kms.DeriveSharedSecretResponse;
import dev.garrison.api.kms.DescribeCustomKeyStoresRequest;
import dev.garrison.api.kms.DescribeCustomKeyStoresResponse;
import dev.garrison.api.kms.DescribeKeyRequest;
import dev.garrison.api.kms.DescribeKeyResponse;
import dev.garrison.api.kms.DisableKeyRequest;
import dev.garrison.api.kms.DisableKeyRotationRequest;
import dev.garrison.api.kms.DisconnectCustomKeyStoreRequest;
import dev.garrison.api.kms.DisconnectCustomKeyStoreResponse;
import dev.garrison.api.kms.EnableKeyRequest;
import dev.garrison.api.kms.EnableKeyRotationRequest;
import dev.garrison.api.kms.EncryptRequest;
import dev.garrison.api.kms.EncryptResponse;
import dev.garrison.api.kms.GenerateDataKeyPairRequest;
import dev.garrison.api.kms.GenerateDataKeyPairResponse;
import dev.garrison.api.kms.GenerateDataKeyPairWithoutPlaintextRequest;
import dev.garrison.api.kms.GenerateDataKeyPairWithoutPlaintextResponse;
import dev.garrison.api.kms.GenerateDataKeyRequest;
import dev.garrison.api.kms.GenerateDataKeyResponse;
import dev.garrison.api.kms.GenerateDataKeyWithoutPlaintextRequest;
import dev.garrison.api.kms.GenerateDataKeyWithoutPlaintextResponse;
import dev.garrison.api.kms.GenerateMacRequest;
import dev.garrison.api.kms.GenerateMacResponse;
import dev.garrison.api.kms.GenerateRandomRequest;
import dev.garrison.api.kms.GenerateRandomResponse;
import dev.garrison.api.kms.GetKeyLastUsageRequest;
import dev.garrison.api.kms.GetKeyLastUsageResponse;
import dev.garrison.api.kms.GetKeyPolicyRequest;
import dev.garrison.api.kms.GetKeyPolicyResponse;
import dev.garrison.api.kms.GetKeyRotationStatusRequest;
import dev.garrison.api.kms.GetKeyRotationStatusResponse;
import dev.garrison.api.kms.GetParametersForImportRequest;
import dev.garrison.api.kms.GetParametersForImportResponse;
import dev.garrison.api.kms.GetPublicKeyRequest;
import dev.garrison.api.kms.GetPublicKeyResponse;
import dev.garrison.api.kms.ImportKeyMaterialRequest;
import dev.garrison.api.kms.ImportKeyMaterialResponse;
import dev.garrison.api.kms.InvalidMarkerException;
import dev.garrison.api.kms.KmsApi;
import dev.garrison.api.kms.ListAliasesRequest;
import dev.garrison.api.kms.ListAliasesResponse;
import dev.garrison.api.kms.ListGrantsRequest;
import dev.garrison.api.kms.ListGrantsResponse;
import dev.garrison.api.kms.ListKeyPoliciesRequest;
import dev.garrison.api.kms.ListKeyPoliciesResponse;
import dev.garrison.api.kms.ListKeyRotationsRequest;
import dev.garrison.api.kms.ListKeyRotationsResponse;
import dev.garrison.api.kms.ListKeysRequest;
import dev.garrison.api.kms.ListKeysResponse;
import dev.garrison.api.kms.ListResourceTagsRequest;
import dev.garrison.api.kms.ListResourceTagsResponse;
import dev.garrison.api.kms.ListRetirableGrantsRequest;
import dev.garrison.api.kms.PutKeyPolicyRequest;
import dev.garrison.api.kms.ReEncryptRequest;
import dev.garrison.api.kms.ReEncryptResponse;
import dev.garrison.api.kms.ReplicateKeyRequest;
import dev.garrison.api.kms.ReplicateKeyResponse;
import dev.garrison.api.kms.RetireGrantRequest;
import dev.garrison.api.kms.RevokeGrantRequest;
import dev.garrison.api.kms.RotateKeyOnDemandRequest;
import dev.garrison.api.kms.RotateKeyOnDemandResponse;
import dev.garrison.api.kms.ScheduleKeyDeletionRequest;
import dev.garrison.api.kms.ScheduleKeyDeletionResponse;
import dev.garrison.api.kms.SignRequest;
import dev.garrison.api.kms.SignResponse;
import dev.garrison.api.kms.TagResourceRequest;
import dev.garrison.api.kms.UntagResourceRequest;
import dev.garrison.api.kms.UpdateAliasRequest;
import dev.garrison.api.kms.UpdateCustomKeyStoreRequest;
import dev.garrison.api.kms.UpdateCustomKeyStoreResponse;
import dev.garrison.api.kms.UpdateKeyDescriptionRequest;
import dev.garrison.api.kms.UpdatePrimaryRegionRequest;
import dev.garrison.api.kms.VerifyMacRequest;
import dev.garrison.api.kms.VerifyMacResponse;
import dev.garrison.api.kms.VerifyRequest;
import dev.garrison.api.kms.VerifyResponse;
import dev.garrison.platform.barrier.Barrier;
import dev.garrison.platform.core.Authorizer;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.OperationResources;
import dev.garrison.platform.storage.Store;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * AWS KMS with symmetric keys: keys, their lifecycle, key policies, aliases, tags, and
 * encryption with data keys. Key operations are authorized here against the key policy (the
 * front door cannot: it does not know the key); key creation, listing and GenerateRandom by IAM
 * policies alone, as on AWS.
 */
public final class KmsService implements KmsApi, OperationResources {
    /** Operations IAM alone decides, on any resource. */
    private static final Set<String> IAM_ONLY = Set.of("CreateKey", "ListKeys", "ListAliases", "GenerateRandom",
            "ListRetirableGrants", "CreateCustomKeyStore", "DescribeCustomKeyStores", "ConnectCustomKeyStore",
            "DisconnectCustomKeyStore", "UpdateCustomKeyStore", "DeleteCustomKeyStore");
    /** Operations IAM decides on the alias before the key policy decides on the key. */
    private static final Set<String> ON_ALIAS = Set.of("CreateAlias", "UpdateAlias", "DeleteAlias");

    private final KeyStore keys;
    private final KeyAccess access;
    private final KeyOperations keyOperations;
    private final KeyPolicyOperations policyOperations;
    private final TagOperations tags;
    private final AliasOperations aliases;
    private final CryptoOperations crypto;
    private final RotationOperations rotations;
    private final SigningOperations signing;
    private final MacOperations macs;
    private final KeyAgreementOperations agreements;
    private final DataKeyPairOperations keyPairs;
    private final GrantOperations grantOperations;
    private final KeyUsage usage;
    private final ImportOperations imports;
    private final GrantTokens grantTokens;
    private final MultiRegionOperations multiRegion;
    private final CustomKeyStores customKeyStores;

    /**
     * {@code store} is the store migrated from {@code db/kms}; {@code authorizer} decides with key
     * policies; {@code clusters} are the PKCS#11 tokens declared for custom key stores, by id.
     */
    public KmsService(Store store, Barrier barrier, Authorizer authorizer, Clock clock, Map<String, HsmCluster> clusters) {
        GrantStore grants = new GrantStore(store);
        this.keys = new KeyStore(store, barrier, grants, clock);
        KeyPolicies policies = new KeyPolicies();
        this.access = new KeyAccess(keys, grants, policies, authorizer);
        this.policyOperations = new KeyPolicyOperations(keys, access, policies);
        TokenSessions tokens = new TokenSessions();
        this.customKeyStores = new CustomKeyStores(store, barrier, clusters, tokens, keys, clock);
        keys.onDestroy(customKeyStores::destroyMaterial);
        this.keyOperations = new KeyOperations(keys, access, policyOperations, customKeyStores, tokens, clock);
        this.tags = new TagOperations(keys, access);
        this.aliases = new AliasOperations(keys, access, clock);
        this.crypto = new CryptoOperations(keys, access, customKeyStores, tokens);
        this.rotations = new RotationOperations(keys, access, clock);
        this.signing = new SigningOperations(keys, access);
        this.macs = new MacOperations(keys, access);
        this.agreements = new KeyAgreementOperations(keys, access);
        this.keyPairs = new DataKeyPairOperations(crypto);
        this.grantTokens = new GrantTokens(grants);
        this.grantOperations = new GrantOperations(grants, grantTokens, access, clock);
        this.usage = new KeyUsage(store);
        this.imports = new ImportOperations(store, barrier, keys, access, clock);
        this.multiRegion = new MultiRegionOperations(keys, access, keyOperations, policyOperations, clock);
    }

    /**
     * Destroys the keys whose deletion date has passed and rotates those whose rotation is due;
     * the server runs it at start and then every minute (a key looked up in between is brought
     * up to date on the spot).
     */
    public void sweepKeys() {
        keys.sweep();
        usage.flush();
    }

    /** Writes what is only noted in memory (the keys' last uses); the server calls it at shutdown. */
    public void flush() {
        usage.flush();
    }

    @Override
    public @Nullable String resourceArn(CallContext call, String operation, Map<String, Object> request) {
        if (IAM_ONLY.contains(operation)) {
            return "*";
        }
        if (ON_ALIAS.contains(operation) && request.get("AliasName") instanceof String alias) {
            return AliasOperations.arn(call, alias);
        }
        return null;
    }

    /** The key a call uses, named by KeyId or, for Decrypt and ReEncrypt without one, by the ciphertext. */
    @Override
    public @Nullable String auditedResource(CallContext call, String operation, Map<String, Object> request) {
        try {
            if (request.get("KeyId") instanceof String keyId) {
                return access.find(call, keyId).key().arn();
            }
            if (request.get("SourceKeyId") instanceof String keyId) {
                return access.find(call, keyId).key().arn();
            }
            if (request.get("CiphertextBlob") instanceof byte[] blob) {
                return "arn:aws:kms:" + call.region() + ":" + call.principal().accountId() + ":key/"
                        + SymmetricCiphertext.parse(blob).keyId();
            }
        } catch (RuntimeException e) {
            // the operation answers the error; the record names no resource
        }
        return null;
    }

    /** CreateKey and ReplicateKey name the key they made. */
    @Override
    public @Nullable String createdResource(String operation, Map<String, Object> response) {
        Object metadata = switch (operation) {
            case "CreateKey" -> response.get("KeyMetadata");
            case "ReplicateKey" -> response.get("ReplicaKeyMetadata");
            default -> null;
        };
        return metadata instanceof Map<?, ?> m && m.get("Arn") instanceof String arn ? arn : null;
    }

    @Override
    public Map<String, List<String>> conditionKeys(CallContext call, String operation, Map<String, Object> request) {
        if (!operation.equals("CreateKey")) {
            return Map.of();
        }
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put("kms:KeySpec", List.of(text(request, "KeySpec", "SYMMETRIC_DEFAULT")));
        keys.put("kms:KeyUsage", List.of(text(request, "KeyUsage", "ENCRYPT_DECRYPT")));
        keys.put("kms:KeyOrigin", List.of(text(request, "Origin", "AWS_KMS")));
        keys.put("kms:MultiRegion", List.of(String.valueOf(Boolean.TRUE.equals(request.get("MultiRegion")))));
        if (request.get("Tags") instanceof List<?> tagList && !tagList.isEmpty()) {
            List<String> tagKeys = new java.util.ArrayList<>();
            for (Object tag : tagList) {
                if (tag instanceof Map<?, ?> t && t.get("TagKey") instanceof String k && t.get("TagValue") instanceof String v) {
                    keys.put("aws:RequestTag/" + k, List.of(v));
                    tagKeys.add(k);
                }
            }
            keys.put("aws:TagKeys", tagKeys);
        }
        return keys;
    }

    private static String text(Map<String, Object> request, String member, String otherwise) {
        return request.get(member) instanceof String value ? value : otherwise;
    }

    /** A Marker that is not one of ours. */
    static RuntimeException invalidMarker() {
        return new InvalidMarkerException("The marker is not valid.");
    }

    @Override
    public CreateKeyResponse createKey(CallContext call, CreateKeyRequest request) {
        return keyOperations.create(call, request);
    }

    @Override
    public DescribeKeyResponse describeKey(CallContext call, DescribeKeyRequest request) {
        grantTokens.check(request.grantTokens());
        return keyOperations.describe(call, request);
    }

    @Override
    public ListKeysResponse listKeys(CallContext call, ListKeysRequest request) {
        return keyOperations.list(call, request);
    }

    @Override
    public void enableKey(CallContext call, EnableKeyRequest request) {
        keyOperations.enable(call, request.keyId());
    }

    @Override
    public void disableKey(CallContext call, DisableKeyRequest request) {
        keyOperations.disable(call, request.keyId());
    }

    @Override
    public ScheduleKeyDeletionResponse scheduleKeyDeletion(CallContext call, ScheduleKeyDeletionRequest request) {
        return keyOperations.scheduleDeletion(call, request);
    }

    @Override
    public CancelKeyDeletionResponse cancelKeyDeletion(CallContext call, CancelKeyDeletionRequest request) {
        return keyOperations.cancelDeletion(call, request);
    }

    @Override
    public void updateKeyDescription(CallContext call, UpdateKeyDescriptionRequest request) {
        keyOperations.updateDescription(call, request.keyId(), request.description());
    }

    @Override
    public void enableKeyRotation(CallContext call, EnableKeyRotationRequest request) {
        rotations.enable(call, request);
    }

    @Override
    public void disableKeyRotation(CallContext call, DisableKeyRotationRequest request) {
        rotations.disable(call, request.keyId());
    }

    @Override
    public GetKeyRotationStatusResponse getKeyRotationStatus(CallContext call, GetKeyRotationStatusRequest request) {
        return rotations.status(call, request.keyId());
    }

    @Override
    public RotateKeyOnDemandResponse rotateKeyOnDemand(CallContext call, RotateKeyOnDemandRequest request) {
        return rotations.rotateNow(call, request.keyId());
    }

    @Override
    public ListKeyRotationsResponse listKeyRotations(CallContext call, ListKeyRotationsRequest request) {
        return rotations.list(call, request);
    }

    @Override
    public GetKeyPolicyResponse getKeyPolicy(CallContext call, GetKeyPolicyRequest request) {
        return policyOperations.get(call, request);
    }

    @Override
    public void putKeyPolicy(CallContext call, PutKeyPolicyRequest request) {
        policyOperations.put(call, request);
    }

    @Override
    public ListKeyPoliciesResponse listKeyPolicies(CallContext call, ListKeyPoliciesRequest request) {
        return policyOperations.list(call, request);
    }

    @Override
    public void tagResource(CallContext call, TagResourceRequest request) {
        tags.tag(call, request);
    }

    @Override
    public void untagResource(CallContext call, UntagResourceRequest request) {
        tags.untag(call, request);
    }

    @Override
    public ListResourceTagsResponse listResourceTags(CallContext call, ListResourceTagsRequest request) {
        return tags.list(call, request);
    }

    @Override
    public void createAlias(CallContext call, CreateAliasRequest request) {
        aliases.create(call, request.aliasName(), request.targetKeyId());
    }

    @Override
    public void updateAlias(CallContext call, UpdateAliasRequest request) {
        aliases.update(call, request.aliasName(), request.targetKeyId());
    }

    @Override
    public void deleteAlias(CallContext call, DeleteAliasRequest request) {
        aliases.delete(call, request.aliasName());
    }

    @Override
    public ListAliasesResponse listAliases(CallContext call, ListAliasesRequest request) {
        return aliases.list(call, request);
    }

    @Override
    public EncryptResponse encrypt(CallContext call, EncryptRequest request) {
        grantTokens.check(request.grantTokens());
        EncryptResponse response = crypto.encrypt(call, request);
        return usage.used(response.keyId(), "Encrypt", call, response);
    }

    @Override
    public DecryptResponse decrypt(CallContext call, DecryptRequest request) {
        grantTokens.check(request.grantTokens());
        DecryptResponse response = crypto.decrypt(call, request);
        return usage.used(response.keyId(), "Decrypt", call, response);
    }

    @Override
    public ReEncryptResponse reEncrypt(CallContext call, ReEncryptRequest request) {
        grantTokens.check(request.grantTokens());
        ReEncryptResponse response = crypto.reEncrypt(call, request);
        return usage.used(response.keyId(), "ReEncrypt", call, response);
    }

    @Override
    public GenerateDataKeyResponse generateDataKey(CallContext call, GenerateDataKeyRequest request) {
        grantTokens.check(request.grantTokens());
        GenerateDataKeyResponse response = crypto.generateDataKey(call, request);
        return usage.used(response.keyId(), "GenerateDataKey", call, response);
    }

    @Override
    public GenerateDataKeyWithoutPlaintextResponse generateDataKeyWithoutPlaintext(CallContext call,
            GenerateDataKeyWithoutPlaintextRequest request) {
        grantTokens.check(request.grantTokens());
        GenerateDataKeyWithoutPlaintextResponse response = crypto.generateDataKeyWithoutPlaintext(call, request);
        return usage.used(response.keyId(), "GenerateDataKeyWithoutPlaintext", call, response);
    }

    @Override
    public GenerateDataKeyPairResponse generateDataKeyPair(CallContext call, GenerateDataKeyPairRequest request) {
        grantTokens.check(request.grantTokens());
        GenerateDataKeyPairResponse response = keyPairs.generate(call, request);
        return usage.used(response.keyId(), "GenerateDataKeyPair", call, response);
    }

    @Override
    public GenerateDataKeyPairWithoutPlaintextResponse generateDataKeyPairWithoutPlaintext(CallContext call,
            GenerateDataKeyPairWithoutPlaintextRequest request) {
        grantTokens.check(request.grantTokens());
        GenerateDataKeyPairWithoutPlaintextResponse response = keyPairs.generateWithoutPlaintext(call, request);
        return usage.used(response.keyId(), "GenerateDataKeyPairWithoutPlaintext", call, response);
    }

    @Override
    public SignResponse sign(CallContext call, SignRequest request) {
        grantTokens.check(request.grantTokens());
        SignResponse response = signing.sign(call, request);
        return usage.used(response.keyId(), "Sign", call, response);
    }

    @Override
    public VerifyResponse verify(CallContext call, VerifyRequest request) {
        grantTokens.check(request.grantTokens());
        VerifyResponse response = signing.verify(call, request);
        return usage.used(response.keyId(), "Verify", call, response);
    }

    @Override
    public GetPublicKeyResponse getPublicKey(CallContext call, GetPublicKeyRequest request) {
        grantTokens.check(request.grantTokens());
        return signing.publicKey(call, request.keyId());
    }

    @Override
    public GenerateMacResponse generateMac(CallContext call, GenerateMacRequest request) {
        grantTokens.check(request.grantTokens());
        GenerateMacResponse response = macs.generate(call, request);
        return usage.used(response.keyId(), "GenerateMac", call, response);
    }

    @Override
    public VerifyMacResponse verifyMac(CallContext call, VerifyMacRequest request) {
        grantTokens.check(request.grantTokens());
        VerifyMacResponse response = macs.verify(call, request);
        return usage.used(response.keyId(), "VerifyMac", call, response);
    }

    @Override
    public DeriveSharedSecretResponse deriveSharedSecret(CallContext call, DeriveSharedSecretRequest request) {
        grantTokens.check(request.grantTokens());
        DeriveSharedSecretResponse response = agreements.derive(call, request);
        return usage.used(response.keyId(), "DeriveSharedSecret", call, response);
    }

    @Override
    public GetKeyLastUsageResponse getKeyLastUsage(CallContext call, GetKeyLastUsageRequest request) {
        KmsKey key = access.findKey(call, request.keyId());
        access.authorize(call, "GetKeyLastUsage", new KeyAccess.Found(key, null), Map.of());
        return GetKeyLastUsageResponse.builder().keyId(key.arn()).keyCreationDate(key.created())
                .trackingStartDate(key.created()).keyLastUsage(usage.last(key.keyId())).build();
    }

    @Override
    public GetParametersForImportResponse getParametersForImport(CallContext call, GetParametersForImportRequest request) {
        return imports.parameters(call, request);
    }

    @Override
    public ImportKeyMaterialResponse importKeyMaterial(CallContext call, ImportKeyMaterialRequest request) {
        return imports.importMaterial(call, request);
    }

    @Override
    public DeleteImportedKeyMaterialResponse deleteImportedKeyMaterial(CallContext call,
            DeleteImportedKeyMaterialRequest request) {
        return imports.delete(call, request.keyId());
    }

    @Override
    public CreateCustomKeyStoreResponse createCustomKeyStore(CallContext call, CreateCustomKeyStoreRequest request) {
        return CreateCustomKeyStoreResponse.builder().customKeyStoreId(customKeyStores.create(request)).build();
    }

    @Override
    public DescribeCustomKeyStoresResponse describeCustomKeyStores(CallContext call, DescribeCustomKeyStoresRequest request) {
        return customKeyStores.describe(request);
    }

    @Override
    public ConnectCustomKeyStoreResponse connectCustomKeyStore(CallContext call, ConnectCustomKeyStoreRequest request) {
        customKeyStores.connect(request.customKeyStoreId());
        return ConnectCustomKeyStoreResponse.builder().build();
    }

    @Override
    public DisconnectCustomKeyStoreResponse disconnectCustomKeyStore(CallContext call,
            DisconnectCustomKeyStoreRequest request) {
        customKeyStores.disconnect(request.customKeyStoreId());
        return DisconnectCustomKeyStoreResponse.builder().build();
    }

    @Override
    public UpdateCustomKeyStoreResponse updateCustomKeyStore(CallContext call, UpdateCustomKeyStoreRequest request) {
        customKeyStores.update(request);
        return UpdateCustomKeyStoreResponse.builder().build();
    }

    @Override
    public DeleteCustomKeyStoreResponse deleteCustomKeyStore(CallContext call, DeleteCustomKeyStoreRequest request) {
        customKeyStores.delete(request.customKeyStoreId());
        return DeleteCustomKeyStoreResponse.builder().build();
    }

    @Override
    public ReplicateKeyResponse replicateKey(CallContext call, ReplicateKeyRequest request) {
        return multiRegion.replicate(call, request);
    }

    @Override
    public void updatePrimaryRegion(CallContext call, UpdatePrimaryRegionRequest request) {
        multiRegion.updatePrimaryRegion(call, request.keyId(), request.primaryRegion());
    }

    @Override
    public CreateGrantResponse createGrant(CallContext call, CreateGrantRequest request) {
        grantTokens.check(request.grantTokens());
        return grantOperations.create(call, request);
    }

    @Override
    public ListGrantsResponse listGrants(CallContext call, ListGrantsRequest request) {
        return grantOperations.list(call, request);
    }

    @Override
    public ListGrantsResponse listRetirableGrants(CallContext call, ListRetirableGrantsRequest request) {
        return grantOperations.listRetirable(call, request);
    }

    @Override
    public void retireGrant(CallContext call, RetireGrantRequest request) {
        grantOperations.retire(call, request);
    }

    @Override
    public void revokeGrant(CallContext call, RevokeGrantRequest request) {
        grantOperations.revoke(call, request);
    }

    @Override
    public GenerateRandomResponse generateRandom(CallContext call, GenerateRandomRequest request) {
        return crypto.generateRandom(request);
    }
}
