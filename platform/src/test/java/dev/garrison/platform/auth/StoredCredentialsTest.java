package dev.garrison.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.garrison.platform.barrier.Barrier;
import dev.garrison.platform.barrier.KeyfileRootKey;
import dev.garrison.platform.core.Principal;
import dev.garrison.platform.storage.Database;
import dev.garrison.platform.storage.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Long-term keys and temporary credentials in the access_keys table. */
class StoredCredentialsTest {
    private static final Principal ALICE = new Principal("IAMUser", "AIDAALICE", "arn:aws:iam::123456789012:user/alice",
            "123456789012", "alice", null);

    @Test
    void expiredSessionsArePurgedAndLongTermKeysKept() throws Exception {
        Path dir = Files.createTempDirectory("garrison-credentials");
        try (Database database = Database.sqlite(dir.resolve("c.db"))) {
            Store store = database.migrate("platform");
            StoredCredentials credentials = new StoredCredentials(store,
                    Barrier.open(KeyfileRootKey.openOrCreate(dir.resolve("root.key")), store));
            Instant now = Instant.parse("2026-11-30T12:00:00Z");
            credentials.create("AKIALONGTERM", "secret-1", ALICE, now);
            credentials.createSession("ASIAEXPIRED", "secret-2", "token-2", ALICE, now.minusSeconds(7200), now.minusSeconds(60));
            credentials.createSession("ASIACURRENT", "secret-3", "token-3", ALICE, now, now.plusSeconds(900));
            assertThat(credentials.resolve("ASIAEXPIRED")).isNotNull();

            assertThat(credentials.purgeExpired(now)).isEqualTo(1);

            assertThat(credentials.resolve("ASIAEXPIRED")).isNull();
            assertThat(credentials.resolve("ASIACURRENT").sessionToken()).isEqualTo("token-3");
            assertThat(credentials.resolve("AKIALONGTERM").secretAccessKey()).isEqualTo("secret-1");
            assertThat(credentials.purgeExpired(now)).isZero();
        }
    }
}
