package dev.garrison.kms;

import dev.garrison.api.kms.DeriveSharedSecretRequest;
import dev.garrison.api.kms.DeriveSharedSecretResponse;
import dev.garrison.api.kms.InvalidKeyUsageException;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.CommonErrors;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import java.util.Map;
import javax.crypto.KeyAgreement;

/** DeriveSharedSecret: ECDH between a KEY_AGREEMENT key and the caller's public key on the same curve. */
final class KeyAgreementOperations {
    private final KeyStore keys;
    private final KeyAccess access;

    KeyAgreementOperations(KeyStore keys, KeyAccess access) {
        this.keys = keys;
        this.access = access;
    }

    DeriveSharedSecretResponse derive(CallContext call, DeriveSharedSecretRequest request) {
        if (request.recipient() != null) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION,
                    "The attestation document in the Recipient parameter could not be verified.");
        }
        KeyAccess.Found found = access.find(call, request.keyId());
        access.authorize(call, "DeriveSharedSecret", found,
                Map.of("kms:KeyAgreementAlgorithm", List.of(request.keyAgreementAlgorithm())));
        KmsKey key = found.key();
        KeyAccess.requireEnabled(key);
        if (!key.keyUsage().equals("KEY_AGREEMENT")) {
            throw new InvalidKeyUsageException(key.arn() + " key usage is " + key.keyUsage()
                    + " which is not valid for DeriveSharedSecret.");
        }
        KeyAccess.dryRun(request.dryRun());
        PublicKey own = KeyMaterials.publicKey(key.spec(), key.current().publicKey());
        boolean bouncyCastle = KeyMaterials.needsBouncyCastle(key.spec());
        PublicKey peer = peer(request.publicKey(), own, bouncyCastle);
        try {
            KeyAgreement agreement = bouncyCastle ? KeyAgreement.getInstance("ECDH", KeyMaterials.BOUNCY_CASTLE)
                    : KeyAgreement.getInstance("ECDH");
            agreement.init(KeyMaterials.privateKey(key.spec(), keys.open(key, key.current())));
            agreement.doPhase(peer, true);
            return DeriveSharedSecretResponse.builder().keyId(key.arn()).keyAgreementAlgorithm("ECDH")
                    .keyOrigin(key.origin()).sharedSecret(agreement.generateSecret()).build();
        } catch (GeneralSecurityException e) {
            throw invalidPublicKey();
        }
    }

    /** The caller's public key: DER SubjectPublicKeyInfo on this key's curve. */
    private static PublicKey peer(byte[] der, PublicKey own, boolean bouncyCastle) {
        try {
            KeyFactory factory = bouncyCastle ? KeyFactory.getInstance("EC", KeyMaterials.BOUNCY_CASTLE)
                    : KeyFactory.getInstance("EC");
            PublicKey peer = factory.generatePublic(new X509EncodedKeySpec(der));
            if (!(peer instanceof ECPublicKey ec)
                    || !ec.getParams().getCurve().equals(((ECPublicKey) own).getParams().getCurve())) {
                throw invalidPublicKey();
            }
            return peer;
        } catch (GeneralSecurityException e) {
            throw invalidPublicKey();
        }
    }

    private static RuntimeException invalidPublicKey() {
        return CommonErrors.of(CommonErrors.Kind.VALIDATION,
                "The public key is not a valid DER-encoded X.509 public key on the curve of the KMS key.");
    }
}
