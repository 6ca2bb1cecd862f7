package dev.garrison.kms;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The key specs Garrison makes, with the key usages each allows and the algorithms each usage
 * offers, as KMS documents them.
 */
final class KeySpecs {
    /** How a spec's material is made and used. */
    enum Family { AES, HMAC, RSA, EC, ED25519, ML_DSA }

    /**
     * One key spec.
     *
     * @param parameter the RSA modulus bits, the EC curve name, the HMAC key bytes, the ML-DSA
     *     parameter set, or null
     * @param usages each allowed key usage with the algorithms it offers
     */
    record Spec(String name, Family family, @Nullable String parameter, Map<String, List<String>> usages) {
        List<String> algorithms(String usage) {
            return usages.getOrDefault(usage, List.of());
        }
    }

    private static final List<String> RSA_ENCRYPTION = List.of("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256");
    private static final List<String> RSA_SIGNING = List.of("RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384",
            "RSASSA_PSS_SHA_512", "RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512");
    private static final Map<String, Spec> SPECS = Map.ofEntries(
            spec(new Spec("SYMMETRIC_DEFAULT", Family.AES, null, Map.of("ENCRYPT_DECRYPT", List.of("SYMMETRIC_DEFAULT")))),
            spec(new Spec("HMAC_224", Family.HMAC, "28", Map.of("GENERATE_VERIFY_MAC", List.of("HMAC_SHA_224")))),
            spec(new Spec("HMAC_256", Family.HMAC, "32", Map.of("GENERATE_VERIFY_MAC", List.of("HMAC_SHA_256")))),
            spec(new Spec("HMAC_384", Family.HMAC, "48", Map.of("GENERATE_VERIFY_MAC", List.of("HMAC_SHA_384")))),
            spec(new Spec("HMAC_512", Family.HMAC, "64", Map.of("GENERATE_VERIFY_MAC", List.of("HMAC_SHA_512")))),
            spec(new Spec("RSA_2048", Family.RSA, "2048", Map.of("ENCRYPT_DECRYPT", RSA_ENCRYPTION, "SIGN_VERIFY", RSA_SIGNING))),
            spec(new Spec("RSA_3072", Family.RSA, "3072", Map.of("ENCRYPT_DECRYPT", RSA_ENCRYPTION, "SIGN_VERIFY", RSA_SIGNING))),
            spec(new Spec("RSA_4096", Family.RSA, "4096", Map.of("ENCRYPT_DECRYPT", RSA_ENCRYPTION, "SIGN_VERIFY", RSA_SIGNING))),
            spec(new Spec("ECC_NIST_P256", Family.EC, "secp256r1",
                    Map.of("SIGN_VERIFY", List.of("ECDSA_SHA_256"), "KEY_AGREEMENT", List.of("ECDH")))),
            spec(new Spec("ECC_NIST_P384", Family.EC, "secp384r1",
                    Map.of("SIGN_VERIFY", List.of("ECDSA_SHA_384"), "KEY_AGREEMENT", List.of("ECDH")))),
            spec(new Spec("ECC_NIST_P521", Family.EC, "secp521r1",
                    Map.of("SIGN_VERIFY", List.of("ECDSA_SHA_512"), "KEY_AGREEMENT", List.of("ECDH")))),
            spec(new Spec("ECC_SECG_P256K1", Family.EC, "secp256k1", Map.of("SIGN_VERIFY", List.of("ECDSA_SHA_256")))),
            spec(new Spec("ECC_NIST_EDWARDS25519", Family.ED25519, null,
                    Map.of("SIGN_VERIFY", List.of("ED25519_SHA_512", "ED25519_PH_SHA_512")))),
            spec(new Spec("SM2", Family.EC, "sm2p256v1",
                    Map.of("ENCRYPT_DECRYPT", List.of("SM2PKE"), "SIGN_VERIFY", List.of("SM2DSA"),
                            "KEY_AGREEMENT", List.of("ECDH")))),
            spec(new Spec("ML_DSA_44", Family.ML_DSA, "ML-DSA-44", Map.of("SIGN_VERIFY", List.of("ML_DSA_SHAKE_256")))),
            spec(new Spec("ML_DSA_65", Family.ML_DSA, "ML-DSA-65", Map.of("SIGN_VERIFY", List.of("ML_DSA_SHAKE_256")))),
            spec(new Spec("ML_DSA_87", Family.ML_DSA, "ML-DSA-87", Map.of("SIGN_VERIFY", List.of("ML_DSA_SHAKE_256")))));

    private KeySpecs() {}

    private static Map.Entry<String, Spec> spec(Spec spec) {
        return Map.entry(spec.name(), spec);
    }

    /** The spec of this name, or null when Garrison does not make it. */
    static @Nullable Spec of(String name) {
        return SPECS.get(name);
    }
}
