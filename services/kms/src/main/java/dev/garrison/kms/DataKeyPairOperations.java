package dev.garrison.kms;

import dev.garrison.api.kms.GenerateDataKeyPairRequest;
import dev.garrison.api.kms.GenerateDataKeyPairResponse;
import dev.garrison.api.kms.GenerateDataKeyPairWithoutPlaintextRequest;
import dev.garrison.api.kms.GenerateDataKeyPairWithoutPlaintextResponse;
import dev.garrison.api.kms.UnsupportedOperationException;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.CommonErrors;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext: a fresh key pair for the caller,
 * its private key (PKCS#8) encrypted under a symmetric KMS key with the encryption context.
 */
final class DataKeyPairOperations {
    private static final String SYMMETRIC = "SYMMETRIC_DEFAULT";

    private final CryptoOperations crypto;

    DataKeyPairOperations(CryptoOperations crypto) {
        this.crypto = crypto;
    }

    GenerateDataKeyPairResponse generate(CallContext call, GenerateDataKeyPairRequest request) {
        if (request.recipient() != null) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION,
                    "The attestation document in the Recipient parameter could not be verified.");
        }
        Pair pair = pair(call, "GenerateDataKeyPair", request.keyId(), request.keyPairSpec(), request.encryptionContext(),
                request.dryRun());
        return GenerateDataKeyPairResponse.builder().keyId(pair.key().arn()).keyPairSpec(request.keyPairSpec())
                .privateKeyCiphertextBlob(pair.sealed()).privateKeyPlaintext(pair.material().secret())
                .publicKey(pair.material().publicKey()).keyMaterialId(pair.key().current().id()).build();
    }

    GenerateDataKeyPairWithoutPlaintextResponse generateWithoutPlaintext(CallContext call,
            GenerateDataKeyPairWithoutPlaintextRequest request) {
        Pair pair = pair(call, "GenerateDataKeyPairWithoutPlaintext", request.keyId(), request.keyPairSpec(),
                request.encryptionContext(), request.dryRun());
        return GenerateDataKeyPairWithoutPlaintextResponse.builder().keyId(pair.key().arn())
                .keyPairSpec(request.keyPairSpec()).privateKeyCiphertextBlob(pair.sealed())
                .publicKey(pair.material().publicKey()).keyMaterialId(pair.key().current().id()).build();
    }

    /** A key pair made and its private key sealed under {@code key}. */
    private record Pair(KmsKey key, KeyMaterials.Generated material, byte[] sealed) {}

    private Pair pair(CallContext call, String operation, String keyId, String keyPairSpec,
            @Nullable Map<String, String> encryptionContext, @Nullable Boolean dryRun) {
        Map<String, String> context = encryptionContext == null ? Map.of() : encryptionContext;
        KmsKey key = crypto.encryptingKey(call, operation, keyId, context, SYMMETRIC);
        KeySpecs.Spec spec = KeySpecs.of(keyPairSpec);
        if (spec == null || spec.family() == KeySpecs.Family.ED25519) {
            throw new UnsupportedOperationException("Garrison does not make " + keyPairSpec + " data key pairs yet.");
        }
        KeyAccess.dryRun(dryRun);
        KeyMaterials.Generated material = KeyMaterials.generate(spec);
        return new Pair(key, material, crypto.seal(key, material.secret(), context, SYMMETRIC));
    }
}
