package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * A custom key store backed by a SoftHSM2 token: AWS's connection state machine, keys generated
 * inside the token as non-extractable objects, and every encryption with them run by the token.
 */
class KmsCustomKeyStoreTest {
    private static final String LIBRARY = SoftHsmTokens.LIBRARY;
    private static final MutableClock CLOCK = new MutableClock(java.time.Instant.now());

    static void fails(Runnable call, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code));
    }

    static KmsClient kms(TestServer garrison) {
        return KmsClients.of(garrison, garrison.credentials(), Region.US_EAST_1, CLOCK);
    }

    /** The labels of the key objects in the token, read through a session of the test's own. */
    static java.util.List<String> tokenObjects(long slot, String pin) throws Exception {
        java.security.Provider provider = java.security.Security.getProvider("SunPKCS11").configure(
                "--name=garrison-test-" + UUID.randomUUID() + "\nlibrary=" + LIBRARY + "\nslot=" + slot + "\n");
        java.security.KeyStore token = java.security.KeyStore.getInstance("PKCS11", provider);
        token.load(null, pin.toCharArray());
        return java.util.Collections.list(token.aliases());
    }

    static CustomKeyStoresListEntry store(KmsClient kms, String id) {
        return kms.describeCustomKeyStores(r -> r.customKeyStoreId(id)).customKeyStores().getFirst();
    }

    @Test
    void keysLiveAndWorkInsideTheToken() throws Exception {
        long slot = SoftHsmTokens.KEY_STORE_SLOT;
        String yaml = "hsm-clusters:\n  cluster-garrisontest:\n    library: " + LIBRARY + "\n    slot: " + slot + "\n";
        TestServer garrison = TestServer.start(Map.of(), yaml, CLOCK);
        try {
            String storeId;
            String keyId;
            SdkBytes blob;
            try (KmsClient kms = kms(garrison)) {
                fails(() -> kms.createCustomKeyStore(r -> r.customKeyStoreName("nowhere").cloudHsmClusterId("cluster-nonexistingx")
                        .keyStorePassword(SoftHsmTokens.PIN).trustAnchorCertificate("-----BEGIN CERTIFICATE-----")),
                        "CloudHsmClusterNotFoundException");
                fails(() -> kms.createCustomKeyStore(r -> r.customKeyStoreName("xks").customKeyStoreType("EXTERNAL_KEY_STORE")),
                        "XksProxyUriUnreachableException");
                storeId = kms.createCustomKeyStore(r -> r.customKeyStoreName("vault").cloudHsmClusterId("cluster-garrisontest")
                        .keyStorePassword("0000000").trustAnchorCertificate("-----BEGIN CERTIFICATE-----")).customKeyStoreId();
                assertThat(storeId).startsWith("cks-");
                assertThat(store(kms, storeId).connectionState()).isEqualTo(ConnectionStateType.DISCONNECTED);
                fails(() -> kms.createCustomKeyStore(r -> r.customKeyStoreName("vault2").cloudHsmClusterId("cluster-garrisontest")
                        .keyStorePassword(SoftHsmTokens.PIN).trustAnchorCertificate("x")), "CloudHsmClusterInUseException");

                kms.connectCustomKeyStore(r -> r.customKeyStoreId(storeId));
                assertThat(store(kms, storeId).connectionState()).isEqualTo(ConnectionStateType.FAILED);
                assertThat(store(kms, storeId).connectionErrorCodeAsString()).isEqualTo("INVALID_CREDENTIALS");
                fails(() -> kms.updateCustomKeyStore(r -> r.customKeyStoreId(storeId).keyStorePassword(SoftHsmTokens.PIN)),
                        "CustomKeyStoreInvalidStateException");
                kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(storeId));
                kms.updateCustomKeyStore(r -> r.customKeyStoreId(storeId).keyStorePassword(SoftHsmTokens.PIN));
                fails(() -> kms.createKey(r -> r.origin(OriginType.AWS_CLOUDHSM).customKeyStoreId(storeId)),
                        "CustomKeyStoreInvalidStateException");
                kms.connectCustomKeyStore(r -> r.customKeyStoreId(storeId));
                assertThat(store(kms, storeId).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);

                var key = kms.createKey(r -> r.origin(OriginType.AWS_CLOUDHSM).customKeyStoreId(storeId)).keyMetadata();
                keyId = key.keyId();
                assertThat(key.customKeyStoreId()).isEqualTo(storeId);
                assertThat(key.cloudHsmClusterId()).isEqualTo("cluster-garrisontest");
                assertThat(key.originAsString()).isEqualTo("AWS_CLOUDHSM");
                blob = kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("in the token"))
                        .encryptionContext(Map.of("k", "v"))).ciphertextBlob();
                assertThat(kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(Map.of("k", "v"))).plaintext()
                        .asUtf8String()).isEqualTo("in the token");
                fails(() -> kms.decrypt(r -> r.ciphertextBlob(blob)), "InvalidCiphertextException");

                kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(storeId));
                fails(() -> kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(Map.of("k", "v"))),
                        "KMSInvalidStateException");
                fails(() -> kms.deleteCustomKeyStore(r -> r.customKeyStoreId(storeId)), "CustomKeyStoreHasCMKsException");
                kms.connectCustomKeyStore(r -> r.customKeyStoreId(storeId));
            }
            garrison = garrison.restart();
            try (KmsClient kms = kms(garrison)) {
                assertThat(kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(Map.of("k", "v"))).plaintext()
                        .asUtf8String()).isEqualTo("in the token");
                assertThat(store(kms, storeId).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
                fails(() -> kms.deleteCustomKeyStore(r -> r.customKeyStoreId(storeId)), "CustomKeyStoreInvalidStateException");
            }
            assertThat(tokenObjects(slot, SoftHsmTokens.PIN)).anyMatch(label -> label.startsWith(keyId + "/"));
            try (KmsClient kms = kms(garrison)) {
                kms.scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7));
                CLOCK.advance(java.time.Duration.ofDays(8));
                fails(() -> kms.describeKey(r -> r.keyId(keyId)), "NotFoundException");
            }
            assertThat(tokenObjects(slot, SoftHsmTokens.PIN)).noneMatch(label -> label.startsWith(keyId + "/"));
        } finally {
            garrison.close();
        }
    }
}
