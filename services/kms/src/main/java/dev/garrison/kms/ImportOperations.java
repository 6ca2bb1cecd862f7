package dev.garrison.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.garrison.api.kms.DeleteImportedKeyMaterialResponse;
import dev.garrison.api.kms.ExpiredImportTokenException;
import dev.garrison.api.kms.GetParametersForImportRequest;
import dev.garrison.api.kms.GetParametersForImportResponse;
import dev.garrison.api.kms.ImportKeyMaterialRequest;
import dev.garrison.api.kms.ImportKeyMaterialResponse;
import dev.garrison.api.kms.IncorrectKeyMaterialException;
import dev.garrison.api.kms.InvalidCiphertextException;
import dev.garrison.api.kms.InvalidImportTokenException;
import dev.garrison.api.kms.KMSInvalidStateException;
import dev.garrison.api.kms.UnsupportedOperationException;
import dev.garrison.platform.barrier.Barrier;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.CommonErrors;
import dev.garrison.platform.storage.Row;
import dev.garrison.platform.storage.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Bring your own key: GetParametersForImport (an RSA wrapping key pair and a token, valid 24
 * hours), ImportKeyMaterial (unwrapped with RSAES-OAEP, or RSA-OAEP plus AES key wrap with
 * padding), DeleteImportedKeyMaterial. A key's imported material may only ever be the same
 * material; when it expires or is deleted the key waits in PendingImport.
 */
final class ImportOperations {
    private static final String TABLE = "kms_import_parameters";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration VALIDITY = Duration.ofHours(24);

    private final Store store;
    private final Barrier barrier;
    private final KeyStore keys;
    private final KeyAccess access;
    private final Clock clock;

    ImportOperations(Store store, Barrier barrier, KeyStore keys, KeyAccess access, Clock clock) {
        this.store = store;
        this.barrier = barrier;
        this.keys = keys;
        this.access = access;
        this.clock = clock;
    }

    GetParametersForImportResponse parameters(CallContext call, GetParametersForImportRequest request) {
        KmsKey key = importable(call, "GetParametersForImport", request.keyId());
        String algorithm = request.wrappingAlgorithm();
        boolean sm2 = request.wrappingKeySpec().equals("SM2");
        if (algorithm.equals("SM2PKE") != sm2) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "The wrapping algorithm " + algorithm
                    + " is not compatible with the wrapping key spec " + request.wrappingKeySpec() + ".");
        }
        if (algorithm.equals("RSAES_PKCS1_V1_5")) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION,
                    "The wrapping algorithm RSAES_PKCS1_V1_5 is no longer supported; use an RSAES_OAEP or RSA_AES_KEY_WRAP algorithm.");
        }
        KeyPair wrapping;
        try {
            if (sm2) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", KeyMaterials.BOUNCY_CASTLE);
                generator.initialize(new ECGenParameterSpec("sm2p256v1"), RANDOM);
                wrapping = generator.generateKeyPair();
            } else {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(Integer.parseInt(request.wrappingKeySpec().substring("RSA_".length())), RANDOM);
                wrapping = generator.generateKeyPair();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the wrapping key could not be made", e);
        }
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        String id = HexFormat.of().formatHex(token);
        Instant validTo = clock.instant().plus(VALIDITY);
        byte[] value;
        try {
            value = JSON.writeValueAsBytes(JSON.createObjectNode().put("keyId", key.keyId()).put("algorithm", algorithm)
                    .put("validTo", validTo.toString()).put("privateKey", java.util.Base64.getEncoder().encodeToString(
                            barrier.seal(wrapping.getPrivate().getEncoded(), TABLE + "/" + id))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store.write(tx -> tx.insert(TABLE, new Row(id, Map.of("key_id", key.keyId()), value)));
        return GetParametersForImportResponse.builder().keyId(key.arn()).importToken(token)
                .publicKey(wrapping.getPublic().getEncoded()).parametersValidTo(validTo).build();
    }

    ImportKeyMaterialResponse importMaterial(CallContext call, ImportKeyMaterialRequest request) {
        KmsKey key = importable(call, "ImportKeyMaterial", request.keyId());
        String id = HexFormat.of().formatHex(request.importToken());
        Row row = store.get(TABLE, id);
        JsonNode parameters = row == null ? null : read(row);
        if (parameters == null || !parameters.get("keyId").asText().equals(key.keyId())) {
            throw new InvalidImportTokenException("Import token is invalid for the specified key.");
        }
        if (!Instant.parse(parameters.get("validTo").asText()).isAfter(clock.instant())) {
            throw new ExpiredImportTokenException("The import token has expired.");
        }
        boolean expires = !"KEY_MATERIAL_DOES_NOT_EXPIRE".equals(request.expirationModel());
        if (expires && request.validTo() == null) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "ValidTo must be specified when the expiration model is "
                    + "KEY_MATERIAL_EXPIRES.");
        }
        if (!expires && request.validTo() != null) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "ValidTo must not be specified when the expiration model "
                    + "is KEY_MATERIAL_DOES_NOT_EXPIRE.");
        }
        if (expires && !request.validTo().isAfter(clock.instant())) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "ValidTo must be in the future.");
        }
        PrivateKey wrappingKey = wrappingKey(id, parameters);
        byte[] material = unwrap(parameters.get("algorithm").asText(), wrappingKey, request.encryptedKeyMaterial());
        byte[] publicKey = check(key, material);
        byte[] fingerprint = sha256(material);
        if (key.importedFingerprint() != null
                && !MessageDigest.isEqual(keys.openForKey(key.keyId(), key.importedFingerprint()), fingerprint)) {
            throw new IncorrectKeyMaterialException("The key material doesn't match the key material previously "
                    + "imported into this KMS key.");
        }
        String materialId = key.importedFingerprint() != null && !key.materials().isEmpty() ? key.current().id()
                : HexFormat.of().formatHex(Arrays.copyOf(sha256(fingerprint), 32));
        KmsKey.Material sealed = keys.importedMaterial(key.keyId(), materialId, material, publicKey,
                expires ? request.validTo() : null);
        keys.update(key.withImported(List.of(sealed), "Enabled",
                key.importedFingerprint() != null ? key.importedFingerprint() : keys.sealForKey(key.keyId(), fingerprint)));
        store.write(tx -> tx.delete(TABLE, id));
        return ImportKeyMaterialResponse.builder().keyId(key.arn()).keyMaterialId(materialId).build();
    }

    DeleteImportedKeyMaterialResponse delete(CallContext call, String keyId) {
        KmsKey key = importable(call, "DeleteImportedKeyMaterial", keyId);
        String materialId = key.materials().isEmpty() ? null : key.current().id();
        keys.update(key.withImported(List.of(), "PendingImport", key.importedFingerprint()));
        keys.forgetOpened(key.keyId());
        return DeleteImportedKeyMaterialResponse.builder().keyId(key.arn()).keyMaterialId(materialId).build();
    }

    private KmsKey importable(CallContext call, String operation, String keyId) {
        KmsKey key = access.findKey(call, keyId);
        access.authorize(call, operation, new KeyAccess.Found(key, null), Map.of());
        if (!key.origin().equals("EXTERNAL")) {
            throw new UnsupportedOperationException(key.arn() + " origin is " + key.origin()
                    + " which is not valid for this operation.");
        }
        if (key.pendingDeletion()) {
            throw new KMSInvalidStateException(key.arn() + " is pending deletion.");
        }
        return key;
    }

    private PrivateKey wrappingKey(String id, JsonNode parameters) {
        try {
            byte[] pkcs8 = barrier.open(java.util.Base64.getDecoder().decode(parameters.get("privateKey").asText()),
                    TABLE + "/" + id);
            return parameters.get("algorithm").asText().equals("SM2PKE")
                    ? KeyFactory.getInstance("EC", KeyMaterials.BOUNCY_CASTLE).generatePrivate(new PKCS8EncodedKeySpec(pkcs8))
                    : KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored wrapping key does not load", e);
        }
    }

    /** The material, unwrapped as {@code algorithm} wraps it; anything else is an invalid ciphertext. */
    private static byte[] unwrap(String algorithm, PrivateKey wrappingKey, byte[] wrapped) {
        if (algorithm.equals("SM2PKE")) {
            return Sm2Pke.decrypt(wrappingKey, wrapped);
        }
        String hash = algorithm.endsWith("SHA_1") ? "SHA-1" : "SHA-256";
        OAEPParameterSpec oaep = new OAEPParameterSpec(hash, "MGF1",
                hash.equals("SHA-1") ? MGF1ParameterSpec.SHA1 : MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.DECRYPT_MODE, wrappingKey, oaep);
            if (algorithm.startsWith("RSAES_OAEP_")) {
                return rsa.doFinal(wrapped);
            }
            int rsaBytes = (((java.security.interfaces.RSAKey) wrappingKey).getModulus().bitLength() + 7) / 8;
            if (wrapped.length <= rsaBytes) {
                throw new InvalidCiphertextException("The wrapped key material is too short.");
            }
            byte[] aesKey = rsa.doFinal(wrapped, 0, rsaBytes);
            Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
            kwp.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"));
            return kwp.doFinal(wrapped, rsaBytes, wrapped.length - rsaBytes);
        } catch (javax.crypto.BadPaddingException | javax.crypto.IllegalBlockSizeException e) {
            throw new InvalidCiphertextException("The key material could not be unwrapped with the import parameters.");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unwrapping is not available", e);
        }
    }

    /** Refuses material that does not fit the key's spec; returns the public key of a private key. */
    private static byte @Nullable [] check(KmsKey key, byte[] material) {
        KeySpecs.Spec spec = key.spec();
        switch (spec.family()) {
            case AES -> {
                if (material.length != 32) {
                    throw new IncorrectKeyMaterialException("Symmetric key material must be 256 bits (32 bytes).");
                }
                return null;
            }
            case HMAC -> {
                if (material.length != Integer.parseInt(spec.parameter())) {
                    throw new IncorrectKeyMaterialException("Key material for " + spec.name() + " must be "
                            + spec.parameter() + " bytes.");
                }
                return null;
            }
            default -> {
                try {
                    return KeyMaterials.publicKeyOf(spec, KeyMaterials.privateKey(spec, material));
                } catch (IllegalStateException | IllegalArgumentException e) {
                    throw new IncorrectKeyMaterialException("The key material is not a PKCS#8 " + spec.name()
                            + " private key.");
                }
            }
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static @Nullable JsonNode read(Row row) {
        try {
            return JSON.readTree(row.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
