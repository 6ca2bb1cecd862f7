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
import software.amazon.awssdk.services.sts.StsClient;

/** A secret written through the public API appears in no stored file and no log line. */
class SecretsAtRestTest {
    @Test
    void theAccessKeySecretIsNeverStoredOrLoggedInTheClear() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger requests = (Logger) LoggerFactory.getLogger("garrison.request");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        requests.addAppender(logs);
        String secret;
        Path dataDir;
        try (TestServer garrison = TestServer.start()) {
            secret = garrison.secret;
            dataDir = garrison.dataDir;
            try (StsClient sts = StsClient.builder().endpointOverride(garrison.endpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(garrison.credentials()).httpClient(UrlConnectionHttpClient.create()).build()) {
                for (int i = 0; i < 5; i++) {
                    sts.getCallerIdentity();
                }
            }
        } finally {
            root.detachAppender(logs);
            requests.detachAppender(logs);
        }
        assertThat(logs.list).anyMatch(event -> event.getLoggerName().equals("garrison.request"));
        for (ILoggingEvent event : logs.list) {
            assertThat(event.getFormattedMessage()).doesNotContain(secret);
        }
        List<Path> stored;
        try (Stream<Path> files = Files.walk(dataDir)) {
            // the credentials file is the user's own copy, written on purpose for the AWS CLI
            stored = files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("credentials")).toList();
        }
        assertThat(stored).extracting(p -> p.getFileName().toString()).contains("garrison.db");
        byte[] needle = secret.getBytes(UTF_8);
        for (Path file : stored) {
            assertThat(indexOf(Files.readAllBytes(file), needle)).as("secret bytes in %s", file).isEqualTo(-1);
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
