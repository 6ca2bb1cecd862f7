package dev.garrison.kms;

import dev.garrison.api.kms.GetPublicKeyResponse;
import dev.garrison.api.kms.InvalidKeyUsageException;
import dev.garrison.api.kms.KMSInvalidSignatureException;
import dev.garrison.api.kms.SignRequest;
import dev.garrison.api.kms.SignResponse;
import dev.garrison.api.kms.UnsupportedOperationException;
import dev.garrison.api.kms.VerifyRequest;
import dev.garrison.api.kms.VerifyResponse;
import dev.garrison.platform.core.CallContext;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Sign, Verify and GetPublicKey with asymmetric keys; private keys never leave. */
final class SigningOperations {
    private final KeyStore keys;
    private final KeyAccess access;

    SigningOperations(KeyStore keys, KeyAccess access) {
        this.keys = keys;
        this.access = access;
    }

    SignResponse sign(CallContext call, SignRequest request) {
        String messageType = messageType(request.messageType());
        KmsKey key = signingKey(call, "Sign", request.keyId(), request.signingAlgorithm(), messageType);
        KeyAccess.dryRun(request.dryRun());
        KmsKey.Material material = key.current();
        byte[] signature = Signatures.sign(key, KeyMaterials.privateKey(key.spec(), keys.open(key, material)),
                request.signingAlgorithm(), request.message(), messageType);
        return SignResponse.builder().keyId(key.arn()).signature(signature).signingAlgorithm(request.signingAlgorithm())
                .build();
    }

    VerifyResponse verify(CallContext call, VerifyRequest request) {
        String messageType = messageType(request.messageType());
        KmsKey key = signingKey(call, "Verify", request.keyId(), request.signingAlgorithm(), messageType);
        KeyAccess.dryRun(request.dryRun());
        boolean valid = Signatures.verify(key, KeyMaterials.publicKey(key.spec(), key.current().publicKey()),
                request.signingAlgorithm(), request.message(), messageType, request.signature());
        if (!valid) {
            throw new KMSInvalidSignatureException(null);
        }
        return VerifyResponse.builder().keyId(key.arn()).signatureValid(true).signingAlgorithm(request.signingAlgorithm())
                .build();
    }

    GetPublicKeyResponse publicKey(CallContext call, String keyId) {
        KeyAccess.Found found = access.find(call, keyId);
        access.authorize(call, "GetPublicKey", found, Map.of());
        KmsKey key = found.key();
        KeyAccess.requireEnabled(key);
        if (key.current().publicKey() == null) {
            throw new UnsupportedOperationException(key.arn() + " key usage is " + key.keyUsage()
                    + " which is not valid for GetPublicKey.");
        }
        List<String> algorithms = key.spec().algorithms(key.keyUsage());
        return GetPublicKeyResponse.builder().keyId(key.arn()).publicKey(key.current().publicKey())
                .keySpec(key.keySpec()).customerMasterKeySpec(key.keySpec()).keyUsage(key.keyUsage())
                .encryptionAlgorithms(key.keyUsage().equals("ENCRYPT_DECRYPT") ? algorithms : null)
                .signingAlgorithms(key.keyUsage().equals("SIGN_VERIFY") ? algorithms : null)
                .keyAgreementAlgorithms(key.keyUsage().equals("KEY_AGREEMENT") ? algorithms : null)
                .build();
    }

    private KmsKey signingKey(CallContext call, String operation, String keyId, String algorithm, String messageType) {
        KeyAccess.Found found = access.find(call, keyId);
        access.authorize(call, operation, found, Map.of("kms:SigningAlgorithm", List.of(algorithm),
                "kms:MessageType", List.of(messageType)));
        KmsKey key = found.key();
        KeyAccess.requireEnabled(key);
        if (!key.keyUsage().equals("SIGN_VERIFY")) {
            throw new InvalidKeyUsageException(key.arn() + " key usage is " + key.keyUsage()
                    + " which is not valid for " + operation + ".");
        }
        if (!key.spec().algorithms("SIGN_VERIFY").contains(algorithm)) {
            throw new InvalidKeyUsageException("Algorithm " + algorithm + " is incompatible with key spec "
                    + key.keySpec() + ".");
        }
        return key;
    }

    private static String messageType(@Nullable String requested) {
        return requested == null ? "RAW" : requested;
    }

}
