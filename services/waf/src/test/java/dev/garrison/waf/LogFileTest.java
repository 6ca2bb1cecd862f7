package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A log group's file rotates by size and keeps a bounded number of older files. */
class LogFileTest {
    @Test
    void aFullFileMovesAsideAndTheOldestBeyondTheKeptAreDeleted() throws Exception {
        Path dir = Files.createTempDirectory("garrison-log");
        Path log = dir.resolve("aws-waf-logs-shop.log");
        try (LogFile file = new LogFile(log, 100, 2)) {
            for (int i = 0; i < 10; i++) {
                file.append("{\"record\":" + i + ",\"padding\":\"xxxxxxxxxxxxxxxxxxxx\"}");
            }
            file.flush();
        }
        assertThat(Files.size(log)).isLessThanOrEqualTo(100);
        assertThat(Files.readString(log)).contains("\"record\":9");
        assertThat(Files.readString(dir.resolve("aws-waf-logs-shop.log.1"))).contains("\"record\":7");
        assertThat(dir.resolve("aws-waf-logs-shop.log.2")).exists();
        assertThat(dir.resolve("aws-waf-logs-shop.log.3")).doesNotExist();

        try (LogFile reopened = new LogFile(log, 100, 2)) {
            reopened.append("{\"record\":10}");
        }
        assertThat(Files.readString(log)).as("a restart counts what the file holds").contains("\"record\":10")
                .doesNotContain("\"record\":9");
        assertThat(Files.readString(dir.resolve("aws-waf-logs-shop.log.1"))).contains("\"record\":9");
    }
}
