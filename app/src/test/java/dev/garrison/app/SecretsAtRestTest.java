package dev.garrison.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/** Secrets written through the public API appear in no stored file (database, WAL, audit files) and no log line. */
class SecretsAtRestTest {
    @Test
    void theAccessKeySecretIsNeverStoredOrLoggedInTheClear() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger requests = (Logger) LoggerFactory.getLogger("garrison.request");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        requests.addAppender(logs);
        List<String> secrets = new java.util.ArrayList<>();
        Path dataDir;
        try (TestServer garrison = TestServer.start()) {
            secrets.add(garrison.secret);
            dataDir = garrison.dataDir;
            try (StsClient sts = StsClient.builder().endpointOverride(garrison.endpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(garrison.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
                    IamClient iam = IamClient.builder().endpointOverride(garrison.endpoint()).region(Region.AWS_GLOBAL)
                    .credentialsProvider(garrison.credentials()).httpClient(UrlConnectionHttpClient.create()).build()) {
                for (int i = 0; i < 5; i++) {
                    sts.getCallerIdentity();
                }
                iam.createUser(r -> r.userName("keeper"));
                secrets.add(iam.createAccessKey(r -> r.userName("keeper")).accessKey().secretAccessKey());
            }
        } finally {
            root.detachAppender(logs);
            requests.detachAppender(logs);
        }
        assertThat(logs.list).anyMatch(event -> event.getLoggerName().equals("garrison.request"));
        for (ILoggingEvent event : logs.list) {
            assertThat(event.getFormattedMessage()).doesNotContain(secrets);
        }
        List<Path> stored;
        try (Stream<Path> files = Files.walk(dataDir)) {
            // the credentials file is the user's own copy, written on purpose for the AWS CLI
            stored = files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("credentials")).toList();
        }
        assertThat(stored).extracting(p -> p.getFileName().toString()).contains("garrison.db")
                .anyMatch(name -> name.endsWith(".jsonl"));
        for (String secret : secrets) {
            byte[] needle = secret.getBytes(UTF_8);
            for (Path file : stored) {
                assertThat(indexOf(Files.readAllBytes(file), needle)).as("secret bytes in %s", file).isEqualTo(-1);
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
