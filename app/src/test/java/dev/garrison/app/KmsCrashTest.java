package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Acknowledged means durable: {@code garrison serve} is killed with SIGKILL in the middle of a
 * stream of CreateKey and Encrypt calls; after a restart every key it acknowledged exists and
 * every ciphertext it acknowledged decrypts to what was encrypted.
 */
class KmsCrashTest {
    /** What the server acknowledged before it died. */
    private record Sealed(String keyId, SdkBytes ciphertext, String plaintext) {}

    @Test
    void everyAcknowledgedKeyAndCiphertextSurvivesAKill() throws Exception {
        Path dataDir = Files.createTempDirectory("garrison-crash");
        int port = ServeProcess.freePort();
        Process serve = ServeProcess.start(dataDir, port);
        List<String> keys = new CopyOnWriteArrayList<>();
        List<Sealed> sealed = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new java.util.ArrayList<>();
        try (KmsClient kms = client(dataDir, port)) {
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        try {
                            String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
                            keys.add(keyId);
                            String plaintext = "w" + writer + "-" + i;
                            SdkBytes blob = kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String(plaintext)))
                                    .ciphertextBlob();
                            sealed.add(new Sealed(keyId, blob, plaintext));
                        } catch (RuntimeException e) {
                            return; // the server is gone: nothing after this was acknowledged
                        }
                    }
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (sealed.size() < 40 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            serve.destroyForcibly();
            serve.waitFor(10, TimeUnit.SECONDS);
            stop.set(true);
            for (Thread t : writers) {
                t.join(10_000);
            }
        }
        assertThat(sealed).hasSizeGreaterThanOrEqualTo(40);

        Process again = ServeProcess.start(dataDir, port);
        try (KmsClient kms = client(dataDir, port)) {
            for (String keyId : keys) {
                assertThat(kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyId()).isEqualTo(keyId);
            }
            for (Sealed s : sealed) {
                assertThat(kms.decrypt(r -> r.ciphertextBlob(s.ciphertext())).plaintext().asUtf8String())
                        .isEqualTo(s.plaintext());
            }
        } finally {
            again.destroy();
            again.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static KmsClient client(Path dataDir, int port) throws IOException {
        Properties credentials = new Properties();
        try (var in = Files.newBufferedReader(dataDir.resolve("credentials"))) {
            credentials.load(in);
        }
        return KmsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        credentials.getProperty("aws_access_key_id").strip(),
                        credentials.getProperty("aws_secret_access_key").strip())))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }
}
