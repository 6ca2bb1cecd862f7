package dev.garrison.app;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SoftHSM2 tokens the tests use, made with softhsm2-util (installed by {@code garrison test})
 * all at once, before anything in this JVM loads the PKCS#11 library: a library sees only the
 * tokens that existed when it was initialised.
 */
final class SoftHsmTokens {
    static final String LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";
    /** The user PIN of every test token. */
    static final String PIN = "garrison-7531";
    /** A token for a barrier root key. */
    static final long ROOT_KEY_SLOT;
    /** A token for a KMS custom key store. */
    static final long KEY_STORE_SLOT;

    static {
        try {
            ROOT_KEY_SLOT = init();
            KEY_STORE_SLOT = init();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private SoftHsmTokens() {}

    private static long init() throws Exception {
        Process init = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label",
                "garrison-" + UUID.randomUUID().toString().substring(0, 8), "--so-pin", "so-" + PIN, "--pin", PIN)
                .redirectErrorStream(true).start();
        String output = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Matcher slot = Pattern.compile("reassigned to slot (\\d+)").matcher(output);
        if (init.waitFor() != 0 || !slot.find()) {
            throw new IllegalStateException("softhsm2-util could not make a token:\n" + output);
        }
        return Long.parseLong(slot.group(1));
    }
}
