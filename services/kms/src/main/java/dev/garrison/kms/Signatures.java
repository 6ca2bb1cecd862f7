package dev.garrison.kms;

import dev.garrison.platform.core.CommonErrors;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * KMS's signing algorithms. A RAW message is hashed here, so RAW and DIGEST take one path: the
 * digest is signed as it is (ECDSA over the digest, PKCS#1 v1.5 over its DigestInfo, PSS with the
 * digest as mHash). ED25519_SHA_512 signs the message itself (PureEdDSA); ED25519_PH_SHA_512 signs
 * its SHA-512 digest (Ed25519ph). ML_DSA_SHAKE_256 signs the message (pure ML-DSA, empty context)
 * or, for EXTERNAL_MU, the 64-byte mu the caller computed. SM2DSA signs RAW messages and digests.
 */
final class Signatures {
    /** DER DigestInfo prefixes of RFC 8017, section 9.2, note 1. */
    private static final byte[] SHA256_INFO = HexFormat.of().parseHex("3031300d060960864801650304020105000420");
    private static final byte[] SHA384_INFO = HexFormat.of().parseHex("3041300d060960864801650304020205000430");
    private static final byte[] SHA512_INFO = HexFormat.of().parseHex("3051300d060960864801650304020305000440");

    private Signatures() {}

    static byte[] sign(KmsKey key, PrivateKey privateKey, String algorithm, byte[] message, String messageType) {
        try {
            if (algorithm.equals("SM2DSA")) {
                if (sm2Digest(message, messageType)) {
                    return Sm2Digest.sign(privateKey, message);
                }
                Signature signer = Signature.getInstance("SM3withSM2", KeyMaterials.BOUNCY_CASTLE);
                signer.initSign(privateKey);
                signer.update(message);
                return signer.sign();
            }
            if (algorithm.equals("ML_DSA_SHAKE_256")) {
                Signature signer = mlDsa(key, message, messageType);
                signer.initSign(privateKey);
                signer.update(message);
                return signer.sign();
            }
            if (algorithm.equals("ED25519_SHA_512")) {
                requireRaw(algorithm, messageType);
                Signature signer = Signature.getInstance("Ed25519");
                signer.initSign(privateKey);
                signer.update(message);
                return signer.sign();
            }
            byte[] digest = digest(algorithm, message, messageType);
            if (algorithm.equals("ED25519_PH_SHA_512")) {
                Ed25519PrivateKeyParameters raw = (Ed25519PrivateKeyParameters) PrivateKeyFactory.createKey(privateKey.getEncoded());
                byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
                Ed25519.signPrehash(raw.getEncoded(), 0, new byte[0], digest, 0, signature, 0);
                return signature;
            }
            Signature signer = digestSigner(key, algorithm);
            signer.initSign(privateKey);
            signer.update(input(algorithm, digest));
            return signer.sign();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("signing with " + algorithm + " failed", e);
        }
    }

    static boolean verify(KmsKey key, PublicKey publicKey, String algorithm, byte[] message, String messageType,
            byte[] signature) {
        try {
            if (algorithm.equals("SM2DSA")) {
                if (sm2Digest(message, messageType)) {
                    return Sm2Digest.verify(publicKey, message, signature);
                }
                Signature verifier = Signature.getInstance("SM3withSM2", KeyMaterials.BOUNCY_CASTLE);
                verifier.initVerify(publicKey);
                verifier.update(message);
                return verifier.verify(signature);
            }
            if (algorithm.equals("ML_DSA_SHAKE_256")) {
                Signature verifier = mlDsa(key, message, messageType);
                verifier.initVerify(publicKey);
                verifier.update(message);
                return verifier.verify(signature);
            }
            if (algorithm.equals("ED25519_SHA_512")) {
                requireRaw(algorithm, messageType);
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(publicKey);
                verifier.update(message);
                return verifier.verify(signature);
            }
            byte[] digest = digest(algorithm, message, messageType);
            if (algorithm.equals("ED25519_PH_SHA_512")) {
                Ed25519PublicKeyParameters raw = (Ed25519PublicKeyParameters) PublicKeyFactory.createKey(publicKey.getEncoded());
                return signature.length == Ed25519.SIGNATURE_SIZE
                        && Ed25519.verifyPrehash(signature, 0, raw.getEncoded(), 0, new byte[0], digest, 0);
            }
            Signature verifier = digestSigner(key, algorithm);
            verifier.initVerify(publicKey);
            verifier.update(input(algorithm, digest));
            return verifier.verify(signature);
        } catch (java.security.SignatureException e) {
            return false;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("verifying with " + algorithm + " failed", e);
        }
    }

    /** The digest to sign: computed from a RAW message, or given (DIGEST) and checked for length. */
    private static byte[] digest(String algorithm, byte[] message, String messageType) throws GeneralSecurityException {
        MessageDigest hash = MessageDigest.getInstance(hashName(algorithm));
        switch (messageType) {
            case "RAW" -> {
                return hash.digest(message);
            }
            case "DIGEST" -> {
                if (message.length != hash.getDigestLength()) {
                    throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "Digest is invalid length for algorithm "
                            + algorithm + ".");
                }
                return message;
            }
            default -> throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "MessageType " + messageType
                    + " is not valid for signing algorithm " + algorithm + ".");
        }
    }

    /**
     * Whether an SM2DSA message is a digest: a RAW one is signed over SM3(Z || message), Z from the
     * default distinguishing ID 1234567812345678, as KMS does; a DIGEST one is that value already.
     */
    private static boolean sm2Digest(byte[] message, String messageType) {
        switch (messageType) {
            case "RAW" -> {
                return false;
            }
            case "DIGEST" -> {
                if (message.length != 32) {
                    throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "Digest is invalid length for algorithm SM2DSA.");
                }
                return true;
            }
            default -> throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "MessageType " + messageType
                    + " is not valid for signing algorithm SM2DSA.");
        }
    }

    /** ML-DSA over the message (RAW) or over a 64-byte mu (EXTERNAL_MU). */
    private static Signature mlDsa(KmsKey key, byte[] message, String messageType) throws GeneralSecurityException {
        switch (messageType) {
            case "RAW" -> {
                return Signature.getInstance(key.spec().parameter(), KeyMaterials.BOUNCY_CASTLE);
            }
            case "EXTERNAL_MU" -> {
                if (message.length != 64) {
                    throw CommonErrors.of(CommonErrors.Kind.VALIDATION,
                            "External mu is invalid length for algorithm ML_DSA_SHAKE_256.");
                }
                return Signature.getInstance("ML-DSA-EXTERNAL-MU", KeyMaterials.BOUNCY_CASTLE);
            }
            default -> throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "MessageType " + messageType
                    + " is not valid for signing algorithm ML_DSA_SHAKE_256.");
        }
    }

    private static void requireRaw(String algorithm, String messageType) {
        if (!messageType.equals("RAW")) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "MessageType " + messageType
                    + " is not valid for signing algorithm " + algorithm + ".");
        }
    }

    private static Signature digestSigner(KmsKey key, String algorithm) throws GeneralSecurityException {
        if (algorithm.startsWith("ECDSA_")) {
            return KeyMaterials.needsBouncyCastle(key.spec())
                    ? Signature.getInstance("NONEwithECDSA", KeyMaterials.BOUNCY_CASTLE) : Signature.getInstance("NONEwithECDSA");
        }
        if (algorithm.startsWith("RSASSA_PKCS1_V1_5_")) {
            return Signature.getInstance("NONEwithRSA");
        }
        String hash = hashName(algorithm);
        Signature pss = Signature.getInstance("RAWRSASSA-PSS", KeyMaterials.BOUNCY_CASTLE);
        pss.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash),
                MessageDigest.getInstance(hash).getDigestLength(), 1));
        return pss;
    }

    /** What the signature primitive takes: the DigestInfo for PKCS#1 v1.5, else the digest. */
    private static byte[] input(String algorithm, byte[] digest) {
        if (!algorithm.startsWith("RSASSA_PKCS1_V1_5_")) {
            return digest;
        }
        byte[] prefix = switch (hashName(algorithm)) {
            case "SHA-256" -> SHA256_INFO;
            case "SHA-384" -> SHA384_INFO;
            default -> SHA512_INFO;
        };
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(prefix);
        info.writeBytes(digest);
        return info.toByteArray();
    }

    private static String hashName(String algorithm) {
        return algorithm.endsWith("_256") ? "SHA-256" : algorithm.endsWith("_384") ? "SHA-384" : "SHA-512";
    }
}
