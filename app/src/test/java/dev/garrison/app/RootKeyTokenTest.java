package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        Process init = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label",
                "root-" + UUID.randomUUID().toString().substring(0, 8), "--so-pin", "so-root-pin", "--pin", "root-pin")
                .redirectErrorStream(true).start();
        String output = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(init.waitFor()).as(output).isZero();
        Matcher slot = Pattern.compile("reassigned to slot (\\d+)").matcher(output);
        assertThat(slot.find()).as(output).isTrue();
        Path dir = Files.createTempDirectory("garrison-root-token");
        GarrisonConfig config = GarrisonConfig.load(null, Map.of(), Map.of("port", "0", "data-dir", dir.toString(),
                "root-key-library", "/usr/lib/softhsm/libsofthsm2.so", "root-key-slot", slot.group(1)));

        // the token has not been logged in to in this process yet: PKCS#11 logins are per process and token
        assertThatThrownBy(() -> GarrisonServer.start(config, Clock.systemUTC(), "not-the-pin"))
                .hasMessageContaining("cannot be opened");
        String keyId;
        try (GarrisonServer server = GarrisonServer.start(config, Clock.systemUTC(), "root-pin")) {
            keyId = server.admin().accessKeyId();
        }
        assertThat(dir.resolve("root.key")).doesNotExist();
        try (GarrisonServer server = GarrisonServer.start(config, Clock.systemUTC(), "root-pin");
                StsClient sts = StsClient.builder().endpointOverride(java.net.URI.create("http://127.0.0.1:" + server.port()))
                        .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId,
                                AdminBootstrap.secretFromCredentialsFile(dir)))).build()) {
            assertThat(sts.getCallerIdentity().arn()).endsWith(":user/admin");
        }
    }
}
