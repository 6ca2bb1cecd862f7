package dev.garrison.platform.barrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The root key in a SoftHSM2 token: made once, found again, wraps and unwraps inside the token. */
class Pkcs11RootKeyTest {
    private static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");

    static long token(String pin) throws Exception {
        Process init = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label",
                "root-" + UUID.randomUUID().toString().substring(0, 8), "--so-pin", "so-" + pin, "--pin", pin)
                .redirectErrorStream(true).start();
        String output = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(init.waitFor()).as(output).isZero();
        Matcher slot = Pattern.compile("reassigned to slot (\\d+)").matcher(output);
        assertThat(slot.find()).as(output).isTrue();
        return Long.parseLong(slot.group(1));
    }

    @Test
    void wrapsInTheTokenAndFindsTheSameKeyAgain() throws Exception {
        // every token first: a PKCS#11 library sees only the tokens that existed when it was initialised
        long slot = token("root-pin-1");
        long other = token("root-pin-2");
        long third = token("root-pin-3");
        byte[] termKey = AesGcm.randomKey();
        byte[] aad = "barrier_keyring/1".getBytes(StandardCharsets.UTF_8);
        byte[] wrapped = Pkcs11RootKey.openOrCreate(LIBRARY, slot, "root-pin-1".toCharArray()).wrap(termKey, aad);
        assertThat(wrapped).isNotEqualTo(termKey);

        Pkcs11RootKey again = Pkcs11RootKey.openOrCreate(LIBRARY, slot, "root-pin-1".toCharArray());
        assertThat(again.unwrap(wrapped, aad)).isEqualTo(termKey);
        assertThatThrownBy(() -> again.unwrap(wrapped, "other".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BarrierException.class);
        assertThatThrownBy(() -> Pkcs11RootKey.openOrCreate(LIBRARY, other, "wrong-pin".toCharArray()))
                .isInstanceOf(BarrierException.class).hasMessageContaining("cannot be opened");
        Pkcs11RootKey unrelated = Pkcs11RootKey.openOrCreate(LIBRARY, third, "root-pin-3".toCharArray());
        assertThatThrownBy(() -> unrelated.unwrap(wrapped, aad)).isInstanceOf(BarrierException.class)
                .hasMessageContaining("not the one that wrapped");
    }
}
