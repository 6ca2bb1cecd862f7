package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoResult;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/** The AWS Encryption SDK for Java with a KMS keyring, its data keys made and opened by Garrison. */
class EncryptionSdkTest {
    @Test
    void envelopeEncryptionThroughAKmsKeyring() throws Exception {
        try (TestServer garrison = TestServer.start();
                KmsClient kms = KmsClient.builder().endpointOverride(garrison.endpoint()).region(Region.US_EAST_1)
                        .credentialsProvider(garrison.credentials()).httpClient(UrlConnectionHttpClient.create()).build()) {
            String keyArn = kms.createKey(r -> r.description("esdk")).keyMetadata().arn();
            MaterialProviders providers = MaterialProviders.builder()
                    .MaterialProvidersConfig(MaterialProvidersConfig.builder().build()).build();
            IKeyring keyring = providers.CreateAwsKmsKeyring(CreateAwsKmsKeyringInput.builder()
                    .kmsKeyId(keyArn).kmsClient(kms).build());
            AwsCrypto crypto = AwsCrypto.builder().withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt).build();
            byte[] message = "a message sealed with a Garrison data key".getBytes(StandardCharsets.UTF_8);
            Map<String, String> context = Map.of("tenant", "acme", "purpose", "esdk-test");

            CryptoResult<byte[], ?> sealed = crypto.encryptData(keyring, message, context);
            assertThat(new String(sealed.getResult(), StandardCharsets.ISO_8859_1)).doesNotContain("Garrison data key");
            CryptoResult<byte[], ?> opened = crypto.decryptData(keyring, sealed.getResult(), context);
            assertThat(opened.getResult()).isEqualTo(message);
            assertThat(opened.getEncryptionContext()).containsAllEntriesOf(context);

            byte[] tampered = sealed.getResult().clone();
            tampered[tampered.length - 40] ^= 1;
            assertThatThrownBy(() -> crypto.decryptData(keyring, tampered)).isInstanceOf(RuntimeException.class);
            kms.disableKey(r -> r.keyId(keyArn));
            assertThatThrownBy(() -> crypto.decryptData(keyring, sealed.getResult())).isInstanceOf(RuntimeException.class);
        }
    }
}
