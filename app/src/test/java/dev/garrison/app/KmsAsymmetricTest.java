package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * Asymmetric and HMAC keys: what KMS signs verifies with the JDK and with OpenSSL using the key
 * GetPublicKey returns, what they encrypt KMS decrypts, ECDH secrets agree, data key pairs match.
 */
class KmsAsymmetricTest {
    static TestServer garrison;
    static KmsClient kms;

    @BeforeAll
    static void boot() throws Exception {
        garrison = TestServer.start();
        kms = KmsClient.builder().endpointOverride(garrison.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(garrison.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        kms.close();
        garrison.close();
    }

    static String key(KeySpec spec, KeyUsageType usage) {
        return kms.createKey(r -> r.keySpec(spec).keyUsage(usage)).keyMetadata().keyId();
    }

    static PublicKey publicKey(String keyId, String algorithm) throws Exception {
        byte[] der = kms.getPublicKey(r -> r.keyId(keyId)).publicKey().asByteArray();
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
    }

    static void fails(Runnable call, String code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            if (message != null) {
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
            }
        });
    }

    @Test
    void everySigningAlgorithmVerifiesWithTheJdk() throws Exception {
        byte[] message = "pay 100 to bob".getBytes(StandardCharsets.UTF_8);
        record Case(KeySpec spec, String algorithm, String jca, String keyType) {}
        List<Case> cases = List.of(
                new Case(KeySpec.RSA_2048, "RSASSA_PKCS1_V1_5_SHA_256", "SHA256withRSA", "RSA"),
                new Case(KeySpec.RSA_3072, "RSASSA_PKCS1_V1_5_SHA_384", "SHA384withRSA", "RSA"),
                new Case(KeySpec.RSA_2048, "RSASSA_PKCS1_V1_5_SHA_512", "SHA512withRSA", "RSA"),
                new Case(KeySpec.RSA_2048, "RSASSA_PSS_SHA_256", "PSS-SHA-256", "RSA"),
                new Case(KeySpec.RSA_2048, "RSASSA_PSS_SHA_384", "PSS-SHA-384", "RSA"),
                new Case(KeySpec.RSA_4096, "RSASSA_PSS_SHA_512", "PSS-SHA-512", "RSA"),
                new Case(KeySpec.ECC_NIST_P256, "ECDSA_SHA_256", "SHA256withECDSA", "EC"),
                new Case(KeySpec.ECC_NIST_P384, "ECDSA_SHA_384", "SHA384withECDSA", "EC"),
                new Case(KeySpec.ECC_NIST_P521, "ECDSA_SHA_512", "SHA512withECDSA", "EC"),
                new Case(KeySpec.ECC_NIST_EDWARDS25519, "ED25519_SHA_512", "Ed25519", "Ed25519"));
        for (Case c : cases) {
            String keyId = key(c.spec(), KeyUsageType.SIGN_VERIFY);
            byte[] signature = kms.sign(r -> r.keyId(keyId).message(SdkBytes.fromByteArray(message))
                    .signingAlgorithm(c.algorithm())).signature().asByteArray();
            Signature verifier;
            if (c.jca().startsWith("PSS-")) {
                String hash = c.jca().substring(4);
                verifier = Signature.getInstance("RSASSA-PSS");
                verifier.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash),
                        MessageDigest.getInstance(hash).getDigestLength(), 1));
            } else {
                verifier = Signature.getInstance(c.jca());
            }
            verifier.initVerify(publicKey(keyId, c.keyType()));
            verifier.update(message);
            assertThat(verifier.verify(signature)).as(c.algorithm()).isTrue();
            assertThat(kms.verify(r -> r.keyId(keyId).message(SdkBytes.fromByteArray(message))
                    .signature(SdkBytes.fromByteArray(signature)).signingAlgorithm(c.algorithm())).signatureValid()).isTrue();
            byte[] forged = signature.clone();
            forged[forged.length / 2] ^= 1;
            fails(() -> kms.verify(r -> r.keyId(keyId).message(SdkBytes.fromByteArray(message))
                    .signature(SdkBytes.fromByteArray(forged)).signingAlgorithm(c.algorithm())),
                    "KMSInvalidSignatureException", null);
        }
    }

    @Test
    void digestsSecp256k1AndEd25519phSign() throws Exception {
        byte[] message = "block 42".getBytes(StandardCharsets.UTF_8);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(message);
        String p256 = key(KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY);
        byte[] signature = kms.sign(r -> r.keyId(p256).message(SdkBytes.fromByteArray(digest)).messageType("DIGEST")
                .signingAlgorithm("ECDSA_SHA_256")).signature().asByteArray();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(publicKey(p256, "EC"));
        verifier.update(message);
        assertThat(verifier.verify(signature)).isTrue();
        fails(() -> kms.sign(r -> r.keyId(p256).message(SdkBytes.fromByteArray(new byte[20])).messageType("DIGEST")
                .signingAlgorithm("ECDSA_SHA_256")), "ValidationException", "Digest is invalid length for algorithm ECDSA_SHA_256.");
        fails(() -> kms.sign(r -> r.keyId(p256).message(SdkBytes.fromByteArray(message)).signingAlgorithm("ECDSA_SHA_384")),
                "InvalidKeyUsageException", null);

        String k1 = key(KeySpec.ECC_SECG_P256_K1, KeyUsageType.SIGN_VERIFY);
        byte[] k1Signature = kms.sign(r -> r.keyId(k1).message(SdkBytes.fromByteArray(message))
                .signingAlgorithm("ECDSA_SHA_256")).signature().asByteArray();
        assertThat(kms.verify(r -> r.keyId(k1).message(SdkBytes.fromByteArray(message))
                .signature(SdkBytes.fromByteArray(k1Signature)).signingAlgorithm("ECDSA_SHA_256")).signatureValid()).isTrue();

        String ed = key(KeySpec.ECC_NIST_EDWARDS25519, KeyUsageType.SIGN_VERIFY);
        byte[] sha512 = MessageDigest.getInstance("SHA-512").digest(message);
        byte[] ph = kms.sign(r -> r.keyId(ed).message(SdkBytes.fromByteArray(sha512)).messageType("DIGEST")
                .signingAlgorithm("ED25519_PH_SHA_512")).signature().asByteArray();
        assertThat(kms.verify(r -> r.keyId(ed).message(SdkBytes.fromByteArray(message)).signature(SdkBytes.fromByteArray(ph))
                .signingAlgorithm("ED25519_PH_SHA_512")).signatureValid()).isTrue();
    }

    @Test
    void mlDsaSignsMessagesAndTheJdkVerifies() throws Exception {
        byte[] message = "post-quantum".getBytes(StandardCharsets.UTF_8);
        for (KeySpec spec : List.of(KeySpec.ML_DSA_44, KeySpec.ML_DSA_65, KeySpec.ML_DSA_87)) {
            String keyId = key(spec, KeyUsageType.SIGN_VERIFY);
            assertThat(kms.describeKey(r -> r.keyId(keyId)).keyMetadata().signingAlgorithmsAsStrings())
                    .containsExactly("ML_DSA_SHAKE_256");
            byte[] signature = kms.sign(r -> r.keyId(keyId).message(SdkBytes.fromByteArray(message))
                    .signingAlgorithm("ML_DSA_SHAKE_256")).signature().asByteArray();
            Signature verifier = Signature.getInstance("ML-DSA");
            verifier.initVerify(publicKey(keyId, "ML-DSA"));
            verifier.update(message);
            assertThat(verifier.verify(signature)).as(spec.toString()).isTrue();
            fails(() -> kms.sign(r -> r.keyId(keyId).message(SdkBytes.fromByteArray(new byte[32])).messageType("DIGEST")
                    .signingAlgorithm("ML_DSA_SHAKE_256")), "ValidationException",
                    "MessageType DIGEST is not valid for signing algorithm ML_DSA_SHAKE_256.");
        }
    }

    @Test
    void sm2SignsAndAgreesAsBouncyCastleChecks() throws Exception {
        java.security.Provider bc = new org.bouncycastle.jce.provider.BouncyCastleProvider();
        byte[] message = "sm2 message".getBytes(StandardCharsets.UTF_8);
        String signing = key(KeySpec.SM2, KeyUsageType.SIGN_VERIFY);
        byte[] signature = kms.sign(r -> r.keyId(signing).message(SdkBytes.fromByteArray(message))
                .signingAlgorithm("SM2DSA")).signature().asByteArray();
        PublicKey signingKey = KeyFactory.getInstance("EC", bc).generatePublic(
                new X509EncodedKeySpec(kms.getPublicKey(r -> r.keyId(signing)).publicKey().asByteArray()));
        Signature verifier = Signature.getInstance("SM3withSM2", bc);
        verifier.initVerify(signingKey);
        verifier.update(message);
        assertThat(verifier.verify(signature)).isTrue();

        byte[] digest = sm2Digest(signingKey, message, bc);
        byte[] overDigest = kms.sign(r -> r.keyId(signing).message(SdkBytes.fromByteArray(digest)).messageType("DIGEST")
                .signingAlgorithm("SM2DSA")).signature().asByteArray();
        verifier.initVerify(signingKey);
        verifier.update(message);
        assertThat(verifier.verify(overDigest)).as("a DIGEST signature verifies over the message").isTrue();
        assertThat(kms.verify(r -> r.keyId(signing).message(SdkBytes.fromByteArray(digest)).messageType("DIGEST")
                .signingAlgorithm("SM2DSA").signature(SdkBytes.fromByteArray(signature))).signatureValid()).isTrue();
        digest[0] ^= 1;
        fails(() -> kms.verify(r -> r.keyId(signing).message(SdkBytes.fromByteArray(digest)).messageType("DIGEST")
                .signingAlgorithm("SM2DSA").signature(SdkBytes.fromByteArray(signature))), "KMSInvalidSignatureException", null);
        fails(() -> kms.sign(r -> r.keyId(signing).message(SdkBytes.fromByteArray(new byte[31])).messageType("DIGEST")
                .signingAlgorithm("SM2DSA")), "ValidationException", "Digest is invalid length for algorithm SM2DSA.");

        String agreeing = key(KeySpec.SM2, KeyUsageType.KEY_AGREEMENT);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", bc);
        generator.initialize(new ECGenParameterSpec("sm2p256v1"));
        KeyPair mine = generator.generateKeyPair();
        byte[] theirs = kms.deriveSharedSecret(r -> r.keyId(agreeing).keyAgreementAlgorithm("ECDH")
                .publicKey(SdkBytes.fromByteArray(mine.getPublic().getEncoded()))).sharedSecret().asByteArray();
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH", bc);
        agreement.init(mine.getPrivate());
        agreement.doPhase(KeyFactory.getInstance("EC", bc).generatePublic(
                new X509EncodedKeySpec(kms.getPublicKey(r -> r.keyId(agreeing)).publicKey().asByteArray())), true);
        assertThat(agreement.generateSecret()).isEqualTo(theirs);
    }

    /**
     * e = SM3(Z || message) of GB/T 32918.2, Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA)
     * with the default ID 1234567812345678: what a caller signing a DIGEST computes.
     */
    static byte[] sm2Digest(PublicKey key, byte[] message, java.security.Provider bc) throws Exception {
        var curve = org.bouncycastle.asn1.gm.GMNamedCurves.getByName("sm2p256v1");
        var q = ((org.bouncycastle.jce.interfaces.ECPublicKey) key).getQ().normalize();
        MessageDigest sm3 = MessageDigest.getInstance("SM3", bc);
        byte[] id = "1234567812345678".getBytes(StandardCharsets.US_ASCII);
        sm3.update(new byte[] {0, (byte) (id.length * 8)});
        sm3.update(id);
        for (var element : List.of(curve.getCurve().getA(), curve.getCurve().getB(), curve.getG().getAffineXCoord(),
                curve.getG().getAffineYCoord(), q.getAffineXCoord(), q.getAffineYCoord())) {
            sm3.update(element.getEncoded());
        }
        byte[] z = sm3.digest();
        sm3.update(z);
        sm3.update(message);
        return sm3.digest();
    }

    @Test
    void rsaEncryptionInteroperatesAndKeepsKmsLimits() throws Exception {
        String keyId = key(KeySpec.RSA_2048, KeyUsageType.ENCRYPT_DECRYPT);
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(Cipher.ENCRYPT_MODE, publicKey(keyId, "RSA"),
                new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        byte[] ciphertext = cipher.doFinal("from outside".getBytes(StandardCharsets.UTF_8));
        assertThat(kms.decrypt(r -> r.keyId(keyId).ciphertextBlob(SdkBytes.fromByteArray(ciphertext))
                .encryptionAlgorithm("RSAES_OAEP_SHA_256")).plaintext().asUtf8String()).isEqualTo("from outside");
        SdkBytes sealed = kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("inside"))
                .encryptionAlgorithm("RSAES_OAEP_SHA_1")).ciphertextBlob();
        assertThat(kms.decrypt(r -> r.keyId(keyId).ciphertextBlob(sealed).encryptionAlgorithm("RSAES_OAEP_SHA_1"))
                .plaintext().asUtf8String()).isEqualTo("inside");
        fails(() -> kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromByteArray(new byte[191]))
                .encryptionAlgorithm("RSAES_OAEP_SHA_256")), "ValidationException",
                "Algorithm RSAES_OAEP_SHA_256 and key spec RSA_2048 cannot encrypt data larger than 190 bytes.");
        fails(() -> kms.decrypt(r -> r.ciphertextBlob(sealed)), "InvalidCiphertextException", null);
        fails(() -> kms.decrypt(r -> r.keyId(keyId).ciphertextBlob(sealed).encryptionAlgorithm("RSAES_OAEP_SHA_256")),
                "InvalidCiphertextException", null);
        fails(() -> kms.createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.ENCRYPT_DECRYPT)),
                "ValidationException", "KeyUsage ENCRYPT_DECRYPT is not compatible with KeySpec ECC_NIST_P256");

        String sm2 = key(KeySpec.SM2, KeyUsageType.ENCRYPT_DECRYPT);
        assertThat(kms.getPublicKey(r -> r.keyId(sm2)).encryptionAlgorithmsAsStrings()).containsExactly("SM2PKE");
        SdkBytes secret = kms.encrypt(r -> r.keyId(sm2).plaintext(SdkBytes.fromUtf8String("national standard"))
                .encryptionAlgorithm("SM2PKE")).ciphertextBlob();
        assertThat(kms.decrypt(r -> r.keyId(sm2).ciphertextBlob(secret).encryptionAlgorithm("SM2PKE")).plaintext()
                .asUtf8String()).isEqualTo("national standard");
        fails(() -> kms.encrypt(r -> r.keyId(sm2).plaintext(SdkBytes.fromByteArray(new byte[1025]))
                .encryptionAlgorithm("SM2PKE")), "ValidationException",
                "Algorithm SM2PKE and key spec SM2 cannot encrypt data larger than 1024 bytes.");
        byte[] tampered = secret.asByteArray();
        tampered[tampered.length - 1] ^= 1;
        fails(() -> kms.decrypt(r -> r.keyId(sm2).ciphertextBlob(SdkBytes.fromByteArray(tampered))
                .encryptionAlgorithm("SM2PKE")), "InvalidCiphertextException", null);
        fails(() -> kms.encrypt(r -> r.keyId(sm2).plaintext(SdkBytes.fromUtf8String("x"))
                .encryptionAlgorithm("RSAES_OAEP_SHA_256")), "InvalidKeyUsageException", null);
    }

    @Test
    void hmacAndEcdhAndDataKeyPairs() throws Exception {
        String hmac = key(KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC);
        SdkBytes message = SdkBytes.fromUtf8String("session=abc");
        SdkBytes mac = kms.generateMac(r -> r.keyId(hmac).macAlgorithm("HMAC_SHA_256").message(message)).mac();
        assertThat(mac.asByteArray()).hasSize(32);
        assertThat(kms.verifyMac(r -> r.keyId(hmac).macAlgorithm("HMAC_SHA_256").message(message).mac(mac)).macValid())
                .isTrue();
        fails(() -> kms.verifyMac(r -> r.keyId(hmac).macAlgorithm("HMAC_SHA_256")
                .message(SdkBytes.fromUtf8String("session=abd")).mac(mac)), "KMSInvalidMacException", null);

        String ecdh = key(KeySpec.ECC_NIST_P256, KeyUsageType.KEY_AGREEMENT);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair mine = generator.generateKeyPair();
        byte[] theirs = kms.deriveSharedSecret(r -> r.keyId(ecdh).keyAgreementAlgorithm("ECDH")
                .publicKey(SdkBytes.fromByteArray(mine.getPublic().getEncoded()))).sharedSecret().asByteArray();
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(mine.getPrivate());
        agreement.doPhase(publicKey(ecdh, "EC"), true);
        assertThat(agreement.generateSecret()).isEqualTo(theirs);

        String wrapping = kms.createKey(r -> { }).keyMetadata().keyId();
        var pair = kms.generateDataKeyPair(r -> r.keyId(wrapping).keyPairSpec("ECC_NIST_P384")
                .encryptionContext(Map.of("device", "d1")));
        assertThat(kms.decrypt(r -> r.ciphertextBlob(pair.privateKeyCiphertextBlob()).encryptionContext(Map.of("device", "d1")))
                .plaintext()).isEqualTo(pair.privateKeyPlaintext());
        Signature signer = Signature.getInstance("SHA384withECDSA");
        signer.initSign(KeyFactory.getInstance("EC").generatePrivate(
                new PKCS8EncodedKeySpec(pair.privateKeyPlaintext().asByteArray())));
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA384withECDSA");
        verifier.initVerify(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(pair.publicKey().asByteArray())));
        verifier.update(new byte[] {1, 2, 3});
        assertThat(verifier.verify(signature)).isTrue();
        assertThat(kms.generateDataKeyPairWithoutPlaintext(r -> r.keyId(wrapping).keyPairSpec("RSA_2048"))
                .privateKeyCiphertextBlob().asByteArray()).isNotEmpty();
    }

    @Test
    void openSslVerifiesSignaturesEncryptsAndAgrees() throws Exception {
        Path dir = Files.createTempDirectory("garrison-openssl");
        byte[] message = "signed by kms".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("message"), message);

        String signing = key(KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY);
        Files.write(dir.resolve("sign.der"), kms.getPublicKey(r -> r.keyId(signing)).publicKey().asByteArray());
        Files.write(dir.resolve("signature"), kms.sign(r -> r.keyId(signing).message(SdkBytes.fromByteArray(message))
                .signingAlgorithm("ECDSA_SHA_256")).signature().asByteArray());
        assertThat(openssl(dir, "dgst", "-sha256", "-verify", "sign.der", "-keyform", "DER", "-signature", "signature",
                "message")).contains("Verified OK");

        String rsa = key(KeySpec.RSA_3072, KeyUsageType.ENCRYPT_DECRYPT);
        Files.write(dir.resolve("rsa.der"), kms.getPublicKey(r -> r.keyId(rsa)).publicKey().asByteArray());
        openssl(dir, "pkeyutl", "-encrypt", "-pubin", "-inkey", "rsa.der", "-keyform", "DER", "-pkeyopt",
                "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:sha256", "-pkeyopt", "rsa_mgf1_md:sha256",
                "-in", "message", "-out", "ciphertext");
        byte[] ciphertext = Files.readAllBytes(dir.resolve("ciphertext"));
        assertThat(kms.decrypt(r -> r.keyId(rsa).encryptionAlgorithm("RSAES_OAEP_SHA_256")
                .ciphertextBlob(SdkBytes.fromByteArray(ciphertext))).plaintext().asByteArray()).isEqualTo(message);

        String sm2 = key(KeySpec.SM2, KeyUsageType.ENCRYPT_DECRYPT);
        Files.write(dir.resolve("sm2.der"), kms.getPublicKey(r -> r.keyId(sm2)).publicKey().asByteArray());
        openssl(dir, "pkeyutl", "-encrypt", "-pubin", "-inkey", "sm2.der", "-keyform", "DER", "-in", "message",
                "-out", "sm2-ciphertext");
        byte[] sm2Ciphertext = Files.readAllBytes(dir.resolve("sm2-ciphertext"));
        assertThat(kms.decrypt(r -> r.keyId(sm2).encryptionAlgorithm("SM2PKE")
                .ciphertextBlob(SdkBytes.fromByteArray(sm2Ciphertext))).plaintext().asByteArray()).isEqualTo(message);

        String ecdh = key(KeySpec.ECC_NIST_P256, KeyUsageType.KEY_AGREEMENT);
        Files.write(dir.resolve("kms.der"), kms.getPublicKey(r -> r.keyId(ecdh)).publicKey().asByteArray());
        openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "mine.pem");
        openssl(dir, "pkey", "-in", "mine.pem", "-pubout", "-outform", "DER", "-out", "mine.der");
        openssl(dir, "pkeyutl", "-derive", "-inkey", "mine.pem", "-peerkey", "kms.der", "-peerform", "DER",
                "-out", "secret");
        byte[] mine = Files.readAllBytes(dir.resolve("mine.der"));
        assertThat(kms.deriveSharedSecret(r -> r.keyId(ecdh).keyAgreementAlgorithm("ECDH")
                .publicKey(SdkBytes.fromByteArray(mine))).sharedSecret().asByteArray())
                .isEqualTo(Files.readAllBytes(dir.resolve("secret")));
    }

    private static String openssl(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + "\n" + output).isZero();
        return output;
    }
}
