package dev.garrison.kms;

import dev.garrison.api.kms.CustomKeyStoreNotFoundException;
import dev.garrison.api.kms.DecryptRequest;
import dev.garrison.api.kms.DecryptResponse;
import dev.garrison.api.kms.EncryptRequest;
import dev.garrison.api.kms.EncryptResponse;
import dev.garrison.api.kms.GenerateDataKeyRequest;
import dev.garrison.api.kms.GenerateDataKeyResponse;
import dev.garrison.api.kms.GenerateDataKeyWithoutPlaintextRequest;
import dev.garrison.api.kms.GenerateDataKeyWithoutPlaintextResponse;
import dev.garrison.api.kms.GenerateRandomRequest;
import dev.garrison.api.kms.GenerateRandomResponse;
import dev.garrison.api.kms.IncorrectKeyException;
import dev.garrison.api.kms.InvalidKeyUsageException;
import dev.garrison.api.kms.KMSInvalidStateException;
import dev.garrison.api.kms.NotFoundException;
import dev.garrison.api.kms.ReEncryptRequest;
import dev.garrison.api.kms.ReEncryptResponse;
import dev.garrison.api.kms.RecipientInfo;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.CommonErrors;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Encrypt, Decrypt, ReEncrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext, GenerateRandom
 * with symmetric keys. Plaintexts and data keys exist only in the request and response.
 */
final class CryptoOperations {
    private static final String SYMMETRIC = "SYMMETRIC_DEFAULT";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A ciphertext opened: its key, the key material version (for symmetric keys), and the plaintext. */
    private record Opened(KmsKey key, @Nullable String materialId, byte[] plaintext) {}

    private final KeyStore keys;
    private final KeyAccess access;
    private final CustomKeyStores customKeyStores;
    private final TokenSessions tokens;

    CryptoOperations(KeyStore keys, KeyAccess access, CustomKeyStores customKeyStores, TokenSessions tokens) {
        this.keys = keys;
        this.access = access;
        this.customKeyStores = customKeyStores;
        this.tokens = tokens;
    }

    EncryptResponse encrypt(CallContext call, EncryptRequest request) {
        Map<String, String> context = context(request.encryptionContext());
        String algorithm = algorithm(request.encryptionAlgorithm());
        KmsKey key = encryptingKey(call, "Encrypt", request.keyId(), context, algorithm);
        KeyAccess.dryRun(request.dryRun());
        return EncryptResponse.builder().ciphertextBlob(seal(key, request.plaintext(), context, algorithm))
                .keyId(key.arn()).encryptionAlgorithm(algorithm).build();
    }

    DecryptResponse decrypt(CallContext call, DecryptRequest request) {
        refuseRecipient(request.recipient());
        String algorithm = algorithm(request.encryptionAlgorithm());
        Opened opened = open(call, "Decrypt", request.ciphertextBlob(), request.keyId(),
                context(request.encryptionContext()), algorithm, request.dryRun());
        return DecryptResponse.builder().keyId(opened.key().arn()).plaintext(opened.plaintext())
                .encryptionAlgorithm(algorithm).keyMaterialId(opened.materialId()).build();
    }

    ReEncryptResponse reEncrypt(CallContext call, ReEncryptRequest request) {
        Map<String, String> destinationContext = context(request.destinationEncryptionContext());
        String sourceAlgorithm = algorithm(request.sourceEncryptionAlgorithm());
        String destinationAlgorithm = algorithm(request.destinationEncryptionAlgorithm());
        Opened source = open(call, "ReEncryptFrom", request.ciphertextBlob(), request.sourceKeyId(),
                context(request.sourceEncryptionContext()), sourceAlgorithm, null);
        KmsKey destination = encryptingKey(call, "ReEncryptTo", request.destinationKeyId(), destinationContext,
                destinationAlgorithm);
        KeyAccess.dryRun(request.dryRun());
        return ReEncryptResponse.builder()
                .ciphertextBlob(seal(destination, source.plaintext(), destinationContext, destinationAlgorithm))
                .keyId(destination.arn()).sourceKeyId(source.key().arn()).sourceEncryptionAlgorithm(sourceAlgorithm)
                .destinationEncryptionAlgorithm(destinationAlgorithm).sourceKeyMaterialId(source.materialId())
                .destinationKeyMaterialId(destination.keySpec().equals(SYMMETRIC) ? destination.current().id() : null)
                .build();
    }

    GenerateDataKeyResponse generateDataKey(CallContext call, GenerateDataKeyRequest request) {
        refuseRecipient(request.recipient());
        Map<String, String> context = context(request.encryptionContext());
        int length = dataKeyLength(request.keySpec(), request.numberOfBytes());
        KmsKey key = encryptingKey(call, "GenerateDataKey", request.keyId(), context, SYMMETRIC);
        KeyAccess.dryRun(request.dryRun());
        byte[] dataKey = random(length);
        return GenerateDataKeyResponse.builder().ciphertextBlob(seal(key, dataKey, context, SYMMETRIC)).plaintext(dataKey)
                .keyId(key.arn()).keyMaterialId(key.current().id()).build();
    }

    GenerateDataKeyWithoutPlaintextResponse generateDataKeyWithoutPlaintext(CallContext call,
            GenerateDataKeyWithoutPlaintextRequest request) {
        Map<String, String> context = context(request.encryptionContext());
        int length = dataKeyLength(request.keySpec(), request.numberOfBytes());
        KmsKey key = encryptingKey(call, "GenerateDataKeyWithoutPlaintext", request.keyId(), context, SYMMETRIC);
        KeyAccess.dryRun(request.dryRun());
        return GenerateDataKeyWithoutPlaintextResponse.builder()
                .ciphertextBlob(seal(key, random(length), context, SYMMETRIC))
                .keyId(key.arn()).keyMaterialId(key.current().id()).build();
    }

    GenerateRandomResponse generateRandom(GenerateRandomRequest request) {
        refuseRecipient(request.recipient());
        if (request.customKeyStoreId() != null) {
            throw new CustomKeyStoreNotFoundException("Custom key store " + request.customKeyStoreId() + " does not exist.");
        }
        if (request.numberOfBytes() == null) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "1 validation error detected: Value null at "
                    + "'numberOfBytes' failed to satisfy constraint: Member must not be null");
        }
        return GenerateRandomResponse.builder().plaintext(random(request.numberOfBytes())).build();
    }

    /** The enabled encryption key {@code keyId} names, once the caller is allowed {@code operation} on it. */
    KmsKey encryptingKey(CallContext call, String operation, String keyId, Map<String, String> context,
            String algorithm) {
        KeyAccess.Found found = access.find(call, keyId);
        Map<String, List<String>> conditionKeys = new LinkedHashMap<>(KeyAccess.encryptionContextKeys(context));
        conditionKeys.put("kms:EncryptionAlgorithm", List.of(algorithm));
        access.authorize(call, operation, found, conditionKeys, context);
        KmsKey key = found.key();
        KeyAccess.requireEnabled(key);
        checkUsable(key, algorithm);
        return key;
    }

    private Opened open(CallContext call, String operation, byte @Nullable [] blob, @Nullable String keyId,
            Map<String, String> context, String algorithm, @Nullable Boolean dryRun) {
        if (blob == null) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "1 validation error detected: Value null at "
                    + "'ciphertextBlob' failed to satisfy constraint: Member must not be null");
        }
        if (keyId != null) {
            KeyAccess.Found named = access.find(call, keyId);
            if (publicKeyEncryption(named.key())) {
                Map<String, List<String>> conditionKeys = Map.of("kms:EncryptionAlgorithm", List.of(algorithm));
                access.authorize(call, operation, named, conditionKeys, context);
                KmsKey key = named.key();
                KeyAccess.requireEnabled(key);
                checkUsable(key, algorithm);
                KeyAccess.dryRun(dryRun);
                KmsKey.Material material = key.current();
                PrivateKey privateKey = KeyMaterials.privateKey(key.spec(), keys.open(key, material));
                byte[] plaintext = key.keySpec().equals("SM2") ? Sm2Pke.decrypt(privateKey, blob)
                        : RsaOaep.decrypt(privateKey, algorithm, blob);
                return new Opened(key, null, plaintext);
            }
        }
        SymmetricCiphertext.Parsed parsed = SymmetricCiphertext.parse(blob);
        String prefix = "arn:aws:kms:" + call.region() + ":" + call.principal().accountId() + ":key/";
        KmsKey key = access.regional(call, parsed.keyId());
        if (key == null) {
            throw new NotFoundException("Key '" + prefix + parsed.keyId() + "' does not exist");
        }
        if (keyId != null && !access.find(call, keyId).key().keyId().equals(key.keyId())) {
            throw new IncorrectKeyException("The key ID in the request does not identify a CMK that can perform this operation.");
        }
        Map<String, List<String>> conditionKeys = new LinkedHashMap<>(KeyAccess.encryptionContextKeys(context));
        conditionKeys.put("kms:EncryptionAlgorithm", List.of(algorithm));
        access.authorize(call, operation, new KeyAccess.Found(key, null), conditionKeys, context);
        KeyAccess.requireEnabled(key);
        checkUsable(key, algorithm);
        KeyAccess.dryRun(dryRun);
        KmsKey.Material material = key.materials().stream().filter(m -> m.id().equals(parsed.materialId())).findFirst()
                .orElseThrow(SymmetricCiphertext::invalid);
        TokenKey token = tokenKey(key, material);
        byte[] plaintext = token == null
                ? SymmetricCiphertext.open(parsed, SymmetricCiphertext.aes(keys.open(key, material)), null, context)
                : SymmetricCiphertext.open(parsed, token.key(), token.provider(), context);
        return new Opened(key, material.id(), plaintext);
    }

    /** {@code plaintext} encrypted under the key's current material: a symmetric blob, RSA-OAEP or SM2PKE. */
    byte[] seal(KmsKey key, byte[] plaintext, Map<String, String> context, String algorithm) {
        KmsKey.Material current = key.current();
        if (publicKeyEncryption(key)) {
            PublicKey publicKey = KeyMaterials.publicKey(key.spec(), current.publicKey());
            return key.keySpec().equals("SM2") ? Sm2Pke.encrypt(key, publicKey, plaintext)
                    : RsaOaep.encrypt(key, publicKey, algorithm, plaintext);
        }
        TokenKey token = tokenKey(key, current);
        return token == null
                ? SymmetricCiphertext.seal(key.keyId(), current.id(), SymmetricCiphertext.aes(keys.open(key, current)), null,
                        plaintext, context)
                : SymmetricCiphertext.seal(key.keyId(), current.id(), token.key(), token.provider(), plaintext, context);
    }

    /** A key inside a token, and the provider that reaches it. */
    private record TokenKey(java.security.Key key, java.security.Provider provider) {}

    /** For a key in a custom key store, its material inside the token; null for keys whose material is here. */
    private @Nullable TokenKey tokenKey(KmsKey key, KmsKey.Material material) {
        if (key.customKeyStoreId() == null) {
            return null;
        }
        TokenSessions.Session session = customKeyStores.session(key.customKeyStoreId());
        if (session == null) {
            throw new KMSInvalidStateException(key.arn() + " is unavailable: its custom key store "
                    + key.customKeyStoreId() + " is not connected.");
        }
        java.security.Key inToken = tokens.key(session, key.keyId() + "/" + material.id());
        if (inToken == null) {
            throw new KMSInvalidStateException(key.arn() + " is unavailable: its key material is not in the token.");
        }
        return new TokenKey(inToken, session.provider());
    }

    /** Whether the key encrypts with its public key (RSA, or SM2 with ENCRYPT_DECRYPT): its ciphertexts name no key. */
    private static boolean publicKeyEncryption(KmsKey key) {
        return key.spec().family() == KeySpecs.Family.RSA
                || key.keySpec().equals("SM2") && key.keyUsage().equals("ENCRYPT_DECRYPT");
    }

    private static void checkUsable(KmsKey key, String algorithm) {
        if (!key.keyUsage().equals("ENCRYPT_DECRYPT")) {
            throw new InvalidKeyUsageException(key.arn() + " key usage is " + key.keyUsage()
                    + " which is not valid for this operation.");
        }
        if (!key.spec().algorithms(key.keyUsage()).contains(algorithm)) {
            throw new InvalidKeyUsageException("Algorithm " + algorithm + " is incompatible with key spec "
                    + key.keySpec() + ".");
        }
    }

    private static String algorithm(@Nullable String requested) {
        return requested == null ? SYMMETRIC : requested;
    }

    private static int dataKeyLength(@Nullable String keySpec, @Nullable Integer numberOfBytes) {
        if ((keySpec == null) == (numberOfBytes == null)) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "Please specify either number of bytes or key spec.");
        }
        return numberOfBytes != null ? numberOfBytes : keySpec.equals("AES_128") ? 16 : 32;
    }


    private static void refuseRecipient(@Nullable RecipientInfo recipient) {
        if (recipient != null) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION,
                    "The attestation document in the Recipient parameter could not be verified.");
        }
    }

    private static Map<String, String> context(@Nullable Map<String, String> context) {
        return context == null ? Map.of() : context;
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
