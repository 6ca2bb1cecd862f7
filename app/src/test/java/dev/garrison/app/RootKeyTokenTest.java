package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/** The barrier's root key in a SoftHSM2 token: no keyfile is written, and the same token opens the data again. */
class RootKeyTokenTest {
    @Test
    void theServerSealsUnderARootKeyInTheToken() throws Exception {
        long slot = SoftHsmTokens.ROOT_KEY_SLOT;
        Path dir = Files.createTempDirectory("garrison-root-token");
        GarrisonConfig config = GarrisonConfig.load(null, Map.of(), Map.of("port", "0", "data-dir", dir.toString(),
                "root-key-library", SoftHsmTokens.LIBRARY, "root-key-slot", Long.toString(slot)));

        // the token has not been logged in to in this process yet: PKCS#11 logins are per process and token
        assertThatThrownBy(() -> GarrisonServer.start(config, Clock.systemUTC(), "not-the-pin"))
                .hasMessageContaining("cannot be opened");
        String keyId;
        try (GarrisonServer server = GarrisonServer.start(config, Clock.systemUTC(), SoftHsmTokens.PIN)) {
            keyId = server.admin().accessKeyId();
        }
        assertThat(dir.resolve("root.key")).doesNotExist();
        try (GarrisonServer server = GarrisonServer.start(config, Clock.systemUTC(), SoftHsmTokens.PIN);
                StsClient sts = StsClient.builder().endpointOverride(java.net.URI.create("http://127.0.0.1:" + server.port()))
                        .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId,
                                AdminBootstrap.secretFromCredentialsFile(dir)))).build()) {
            assertThat(sts.getCallerIdentity().arn()).endsWith(":user/admin");
        }
    }
}
