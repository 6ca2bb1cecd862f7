package dev.garrison.platform.barrier;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.garrison.platform.storage.Database;
import dev.garrison.platform.storage.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class BarrierTest {
    private static Store store(Path dir) {
        return Database.sqlite(dir.resolve("b.db")).migrate("platform");
    }

    @Test
    void sealedValuesOpenOnlyWithTheirAad() throws Exception {
        Path dir = Files.createTempDirectory("barrier");
        Barrier barrier = Barrier.open(KeyfileRootKey.openOrCreate(dir.resolve("root.key")), store(dir));
        byte[] sealed = barrier.seal("secret".getBytes(UTF_8), "access_keys/A");
        assertThat(sealed[0]).isEqualTo((byte) 1);
        assertThat(new String(barrier.open(sealed, "access_keys/A"), UTF_8)).isEqualTo("secret");
        assertThatThrownBy(() -> barrier.open(sealed, "access_keys/B")).isInstanceOf(BarrierException.class);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> barrier.open(sealed, "access_keys/A")).isInstanceOf(BarrierException.class);
    }

    @Test
    void keyfileIsOwnerOnlyAndOldTermsStillOpenAfterRotation() throws Exception {
        Path dir = Files.createTempDirectory("barrier");
        Store store = store(dir);
        Barrier barrier = Barrier.open(KeyfileRootKey.openOrCreate(dir.resolve("root.key")), store);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("root.key")))).isEqualTo("rw-------");
        byte[] old = barrier.seal("v1".getBytes(UTF_8), "x");
        assertThat(barrier.rotate()).isEqualTo(2);
        Barrier reopened = Barrier.open(KeyfileRootKey.openOrCreate(dir.resolve("root.key")), store);
        assertThat(reopened.currentTerm()).isEqualTo(2);
        assertThat(new String(reopened.open(old, "x"), UTF_8)).isEqualTo("v1");
    }

    @Test
    void aWrongPassphraseCannotOpenTheKeyring() throws Exception {
        Path dir = Files.createTempDirectory("barrier");
        Store store = store(dir);
        Barrier.open(PassphraseRootKey.derive("correct horse battery", dir.resolve("root.salt")), store);
        assertThatThrownBy(() -> Barrier.open(PassphraseRootKey.derive("wrong horse battery", dir.resolve("root.salt")), store))
                .isInstanceOf(BarrierException.class)
                .hasMessageContaining("passphrase");
    }
}
