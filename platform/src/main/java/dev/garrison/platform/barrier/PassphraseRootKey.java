package dev.garrison.platform.barrier;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * A root key derived from a passphrase with Argon2id (64 MiB, 3 passes), a memory-hard KDF, and a
 * random salt kept beside the data. A wrong passphrase fails to open the keyring.
 */
public final class PassphraseRootKey implements RootKey {
    private static final int MEMORY_KIB = 64 * 1024;
    private static final int ITERATIONS = 3;
    private static final int PARALLELISM = 1;

    private final byte[] key;

    private PassphraseRootKey(byte[] key) {
        this.key = key;
    }

    /** Derives the key, creating the salt file when it does not exist. */
    public static PassphraseRootKey derive(String passphrase, Path saltFile) {
        if (passphrase.length() < 12) {
            throw new BarrierException("GARRISON_ROOT_PASSPHRASE must have at least 12 characters");
        }
        try {
            byte[] salt;
            if (Files.exists(saltFile)) {
                salt = Base64.getDecoder().decode(Files.readString(saltFile).strip());
            } else {
                salt = new byte[16];
                new SecureRandom().nextBytes(salt);
                Files.createDirectories(saltFile.toAbsolutePath().getParent());
                Files.writeString(saltFile, Base64.getEncoder().encodeToString(salt) + "\n");
            }
            Argon2BytesGenerator argon2 = new Argon2BytesGenerator();
            argon2.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withSalt(salt)
                    .withMemoryAsKB(MEMORY_KIB)
                    .withIterations(ITERATIONS)
                    .withParallelism(PARALLELISM)
                    .build());
            byte[] key = new byte[32];
            argon2.generateBytes(passphrase.getBytes(UTF_8), key);
            return new PassphraseRootKey(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the salt file " + saltFile, e);
        }
    }

    @Override
    public byte[] wrap(byte[] termKey, byte[] aad) {
        return AesGcm.seal(key, termKey, aad);
    }

    @Override
    public byte[] unwrap(byte[] wrapped, byte[] aad) {
        try {
            return AesGcm.open(key, wrapped, 0, aad);
        } catch (BarrierException e) {
            throw new BarrierException("the root passphrase does not open this data folder's keyring");
        }
    }

    @Override
    public String toString() {
        return "PassphraseRootKey[***]";
    }
}
