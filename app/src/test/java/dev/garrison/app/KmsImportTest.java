package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.OriginType;

/** Bring your own key: material wrapped as KMS documents it is imported, used, expires, and comes back. */
class KmsImportTest {
    static final MutableClock CLOCK = new MutableClock(Instant.now());
    static final SecureRandom RANDOM = new SecureRandom();
    static TestServer garrison;
    static KmsClient kms;

    @BeforeAll
    static void boot() throws Exception {
        garrison = TestServer.start(Map.of(), null, CLOCK);
        kms = KmsClients.of(garrison, garrison.credentials(), Region.US_EAST_1, CLOCK);
    }

    @AfterAll
    static void stop() {
        kms.close();
        garrison.close();
    }

    static void fails(Runnable call, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code));
    }

    static PublicKey wrappingKey(GetParametersForImportResponse parameters) throws Exception {
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(parameters.publicKey().asByteArray()));
    }

    /** RSAES_OAEP_SHA_256: the material encrypted with the wrapping key. */
    static SdkBytes oaep(GetParametersForImportResponse parameters, byte[] material) throws Exception {
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
        rsa.init(Cipher.ENCRYPT_MODE, wrappingKey(parameters),
                new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        return SdkBytes.fromByteArray(rsa.doFinal(material));
    }

    /** RSA_AES_KEY_WRAP_SHA_1/256: a fresh AES key under RSA-OAEP, then the material under AES-KWP. */
    static SdkBytes keyWrap(GetParametersForImportResponse parameters, byte[] material, boolean sha256) throws Exception {
        KeyGenerator aes = KeyGenerator.getInstance("AES");
        aes.init(256);
        SecretKey ephemeral = aes.generateKey();
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
        rsa.init(Cipher.ENCRYPT_MODE, wrappingKey(parameters), sha256
                ? new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT)
                : new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT));
        byte[] wrappedKey = rsa.doFinal(ephemeral.getEncoded());
        Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
        kwp.init(Cipher.ENCRYPT_MODE, ephemeral);
        byte[] wrappedMaterial = kwp.doFinal(material);
        return SdkBytes.fromByteArray(ByteBuffer.allocate(wrappedKey.length + wrappedMaterial.length)
                .put(wrappedKey).put(wrappedMaterial).array());
    }

    @Test
    void symmetricMaterialImportedUsedDeletedAndImportedAgain() throws Exception {
        String keyId = kms.createKey(r -> r.origin(OriginType.EXTERNAL)).keyMetadata().keyId();
        assertThat(kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState()).isEqualTo(KeyState.PENDING_IMPORT);
        fails(() -> kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))), "KMSInvalidStateException");
        byte[] material = new byte[32];
        RANDOM.nextBytes(material);
        var parameters = kms.getParametersForImport(r -> r.keyId(keyId).wrappingAlgorithm("RSAES_OAEP_SHA_256")
                .wrappingKeySpec("RSA_2048"));
        fails(() -> kms.importKeyMaterial(r -> r.keyId(keyId).importToken(SdkBytes.fromByteArray(new byte[32]))
                .encryptedKeyMaterial(SdkBytes.fromByteArray(new byte[256]))
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)), "InvalidImportTokenException");
        SdkBytes wrapped = oaep(parameters, material);
        kms.importKeyMaterial(r -> r.keyId(keyId).importToken(parameters.importToken()).encryptedKeyMaterial(wrapped)
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE));
        SdkBytes blob = kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("byok"))).ciphertextBlob();

        kms.deleteImportedKeyMaterial(r -> r.keyId(keyId));
        fails(() -> kms.decrypt(r -> r.ciphertextBlob(blob)), "KMSInvalidStateException");
        var again = kms.getParametersForImport(r -> r.keyId(keyId).wrappingAlgorithm("RSA_AES_KEY_WRAP_SHA_256")
                .wrappingKeySpec("RSA_3072"));
        byte[] other = new byte[32];
        RANDOM.nextBytes(other);
        SdkBytes otherWrapped = keyWrap(again, other, true);
        fails(() -> kms.importKeyMaterial(r -> r.keyId(keyId).importToken(again.importToken())
                .encryptedKeyMaterial(otherWrapped).expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)),
                "IncorrectKeyMaterialException");
        SdkBytes sameWrapped = keyWrap(again, material, true);
        kms.importKeyMaterial(r -> r.keyId(keyId).importToken(again.importToken()).encryptedKeyMaterial(sameWrapped)
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE));
        assertThat(kms.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String()).isEqualTo("byok");
    }

    @Test
    void hmacMaterialExpiresOnTheClockAndTokensExpireToo() throws Exception {
        String keyId = kms.createKey(r -> r.origin(OriginType.EXTERNAL).keySpec(KeySpec.HMAC_256)
                .keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)).keyMetadata().keyId();
        byte[] material = new byte[32];
        RANDOM.nextBytes(material);
        var parameters = kms.getParametersForImport(r -> r.keyId(keyId).wrappingAlgorithm("RSA_AES_KEY_WRAP_SHA_1")
                .wrappingKeySpec("RSA_4096"));
        fails(() -> kms.importKeyMaterial(r -> r.keyId(keyId).importToken(parameters.importToken())
                .encryptedKeyMaterial(SdkBytes.fromByteArray(new byte[600]))
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)), "InvalidCiphertextException");
        SdkBytes wrapped = keyWrap(parameters, material, false);
        kms.importKeyMaterial(r -> r.keyId(keyId).importToken(parameters.importToken()).encryptedKeyMaterial(wrapped)
                .expirationModel(ExpirationModelType.KEY_MATERIAL_EXPIRES).validTo(CLOCK.instant().plus(Duration.ofHours(1))));
        byte[] expected = hmac(material);
        assertThat(kms.generateMac(r -> r.keyId(keyId).macAlgorithm("HMAC_SHA_256").message(SdkBytes.fromUtf8String("m")))
                .mac().asByteArray()).isEqualTo(expected);
        assertThat(kms.describeKey(r -> r.keyId(keyId)).keyMetadata().expirationModel())
                .isEqualTo(ExpirationModelType.KEY_MATERIAL_EXPIRES);

        var unused = kms.getParametersForImport(r -> r.keyId(keyId).wrappingAlgorithm("RSAES_OAEP_SHA_256")
                .wrappingKeySpec("RSA_2048"));
        CLOCK.advance(Duration.ofHours(25));
        assertThat(kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState()).isEqualTo(KeyState.PENDING_IMPORT);
        fails(() -> kms.generateMac(r -> r.keyId(keyId).macAlgorithm("HMAC_SHA_256").message(SdkBytes.fromUtf8String("m"))),
                "KMSInvalidStateException");
        SdkBytes late = oaep(unused, material);
        fails(() -> kms.importKeyMaterial(r -> r.keyId(keyId).importToken(unused.importToken()).encryptedKeyMaterial(late)
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)), "ExpiredImportTokenException");
    }

    @Test
    void anEcPrivateKeyImportedSignsAndItsPublicKeyMatches() throws Exception {
        String keyId = kms.createKey(r -> r.origin(OriginType.EXTERNAL).keySpec(KeySpec.ECC_NIST_P256)
                .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().keyId();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        var parameters = kms.getParametersForImport(r -> r.keyId(keyId).wrappingAlgorithm("RSA_AES_KEY_WRAP_SHA_256")
                .wrappingKeySpec("RSA_2048"));
        SdkBytes wrapped = keyWrap(parameters, pair.getPrivate().getEncoded(), true);
        kms.importKeyMaterial(r -> r.keyId(keyId).importToken(parameters.importToken()).encryptedKeyMaterial(wrapped)
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE));
        assertThat(kms.getPublicKey(r -> r.keyId(keyId)).publicKey().asByteArray()).isEqualTo(pair.getPublic().getEncoded());
        byte[] signature = kms.sign(r -> r.keyId(keyId).message(SdkBytes.fromUtf8String("mine"))
                .signingAlgorithm("ECDSA_SHA_256")).signature().asByteArray();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(pair.getPublic());
        verifier.update("mine".getBytes());
        assertThat(verifier.verify(signature)).isTrue();

        String p384 = kms.createKey(r -> r.origin(OriginType.EXTERNAL).keySpec(KeySpec.ECC_NIST_P384)
                .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().keyId();
        var p384Parameters = kms.getParametersForImport(r -> r.keyId(p384).wrappingAlgorithm("RSA_AES_KEY_WRAP_SHA_256")
                .wrappingKeySpec("RSA_2048"));
        SdkBytes wrongCurve = keyWrap(p384Parameters, pair.getPrivate().getEncoded(), true);
        fails(() -> kms.importKeyMaterial(r -> r.keyId(p384).importToken(p384Parameters.importToken())
                .encryptedKeyMaterial(wrongCurve).expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)),
                "IncorrectKeyMaterialException");
        fails(() -> kms.getParametersForImport(r -> r.keyId(kms.createKey(c -> { }).keyMetadata().keyId())
                .wrappingAlgorithm("RSAES_OAEP_SHA_256").wrappingKeySpec("RSA_2048")), "UnsupportedOperationException");
    }

    @Test
    void materialWrappedWithSm2ByOpenSslImports() throws Exception {
        String keyId = kms.createKey(r -> r.origin(OriginType.EXTERNAL)).keyMetadata().keyId();
        fails(() -> kms.getParametersForImport(r -> r.keyId(keyId).wrappingAlgorithm("SM2PKE").wrappingKeySpec("RSA_2048")),
                "ValidationException");
        fails(() -> kms.getParametersForImport(r -> r.keyId(keyId).wrappingAlgorithm("RSAES_OAEP_SHA_256")
                .wrappingKeySpec("SM2")), "ValidationException");
        var parameters = kms.getParametersForImport(r -> r.keyId(keyId).wrappingAlgorithm("SM2PKE").wrappingKeySpec("SM2"));
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("garrison-sm2-import");
        byte[] material = new byte[32];
        RANDOM.nextBytes(material);
        java.nio.file.Files.write(dir.resolve("material"), material);
        java.nio.file.Files.write(dir.resolve("wrapping.der"), parameters.publicKey().asByteArray());
        Process openssl = new ProcessBuilder("openssl", "pkeyutl", "-encrypt", "-pubin", "-inkey", "wrapping.der", "-keyform",
                "DER", "-in", "material", "-out", "wrapped").directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes());
        assertThat(openssl.waitFor()).as(output).isZero();
        SdkBytes wrapped = SdkBytes.fromByteArray(java.nio.file.Files.readAllBytes(dir.resolve("wrapped")));
        kms.importKeyMaterial(r -> r.keyId(keyId).importToken(parameters.importToken()).encryptedKeyMaterial(wrapped)
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE));
        SdkBytes blob = kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("sm2 wrapped"))).ciphertextBlob();
        assertThat(kms.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String()).isEqualTo("sm2 wrapped");
    }

    @Test
    void theSameMaterialIsImportedIntoEachCopyOfAMultiRegionKey() throws Exception {
        try (KmsClient europe = KmsClients.of(garrison, garrison.credentials(), Region.EU_WEST_1, CLOCK)) {
            String keyId = kms.createKey(r -> r.origin(OriginType.EXTERNAL).multiRegion(true)).keyMetadata().keyId();
            assertThat(keyId).startsWith("mrk-");
            fails(() -> kms.replicateKey(r -> r.keyId(keyId).replicaRegion("eu-west-1")), "KMSInvalidStateException");
            byte[] material = new byte[32];
            RANDOM.nextBytes(material);
            var parameters = kms.getParametersForImport(r -> r.keyId(keyId).wrappingAlgorithm("RSAES_OAEP_SHA_256")
                    .wrappingKeySpec("RSA_2048"));
            SdkBytes wrapped = oaep(parameters, material);
            kms.importKeyMaterial(r -> r.keyId(keyId).importToken(parameters.importToken()).encryptedKeyMaterial(wrapped)
                    .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE));
            SdkBytes blob = kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("both regions")))
                    .ciphertextBlob();

            var replica = kms.replicateKey(r -> r.keyId(keyId).replicaRegion("eu-west-1")).replicaKeyMetadata();
            assertThat(replica.keyState()).isEqualTo(KeyState.PENDING_IMPORT);
            fails(() -> europe.decrypt(r -> r.ciphertextBlob(blob)), "KMSInvalidStateException");
            byte[] other = new byte[32];
            RANDOM.nextBytes(other);
            var europeParameters = europe.getParametersForImport(r -> r.keyId(keyId).wrappingAlgorithm("RSAES_OAEP_SHA_256")
                    .wrappingKeySpec("RSA_2048"));
            SdkBytes otherWrapped = oaep(europeParameters, other);
            fails(() -> europe.importKeyMaterial(r -> r.keyId(keyId).importToken(europeParameters.importToken())
                    .encryptedKeyMaterial(otherWrapped).expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)),
                    "IncorrectKeyMaterialException");
            SdkBytes sameWrapped = oaep(europeParameters, material);
            europe.importKeyMaterial(r -> r.keyId(keyId).importToken(europeParameters.importToken())
                    .encryptedKeyMaterial(sameWrapped).expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE));
            assertThat(europe.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String()).isEqualTo("both regions");
        }
    }

    private static byte[] hmac(byte[] key) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal("m".getBytes());
    }
}
