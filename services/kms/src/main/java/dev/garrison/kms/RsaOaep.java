package dev.garrison.kms;

import dev.garrison.platform.core.CommonErrors;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/** RSAES-OAEP as KMS uses it: SHA-1 or SHA-256 for both the label hash and MGF1, with KMS's size limits. */
final class RsaOaep {
    private RsaOaep() {}

    static byte[] encrypt(KmsKey key, PublicKey publicKey, String algorithm, byte[] plaintext) {
        int modulusBytes = Integer.parseInt(key.spec().parameter()) / 8;
        int limit = modulusBytes - 2 * hashBytes(algorithm) - 2;
        if (plaintext.length > limit) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "Algorithm " + algorithm + " and key spec "
                    + key.keySpec() + " cannot encrypt data larger than " + limit + " bytes.");
        }
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(Cipher.ENCRYPT_MODE, publicKey, parameters(algorithm));
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-OAEP is not available", e);
        }
    }

    /** The plaintext, or InvalidCiphertextException when the ciphertext is not one this key and algorithm made. */
    static byte[] decrypt(PrivateKey privateKey, String algorithm, byte[] ciphertext) {
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(Cipher.DECRYPT_MODE, privateKey, parameters(algorithm));
            return cipher.doFinal(ciphertext);
        } catch (javax.crypto.BadPaddingException | javax.crypto.IllegalBlockSizeException e) {
            throw SymmetricCiphertext.invalid();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-OAEP is not available", e);
        }
    }

    private static OAEPParameterSpec parameters(String algorithm) {
        return algorithm.equals("RSAES_OAEP_SHA_1")
                ? new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT)
                : new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
    }

    private static int hashBytes(String algorithm) {
        return algorithm.equals("RSAES_OAEP_SHA_1") ? 20 : 32;
    }
}
