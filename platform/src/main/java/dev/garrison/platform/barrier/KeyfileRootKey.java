package dev.garrison.platform.barrier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/** A root key kept in a file of its own, readable by its owner only, created on first start. */
public final class KeyfileRootKey implements RootKey {
    private final byte[] key;

    private KeyfileRootKey(byte[] key) {
        this.key = key;
    }

    /** Reads the keyfile, creating it (mode 0600) with a fresh random key when it does not exist. */
    public static KeyfileRootKey openOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] fresh = AesGcm.randomKey();
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, Base64.getEncoder().encodeToString(fresh) + "\n", StandardOpenOption.TRUNCATE_EXISTING);
                return new KeyfileRootKey(fresh);
            }
            byte[] key = Base64.getDecoder().decode(Files.readString(file).strip());
            if (key.length != 32) {
                throw new BarrierException("root keyfile " + file + " does not hold a 256-bit key");
            }
            return new KeyfileRootKey(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the root keyfile " + file, e);
        } catch (IllegalArgumentException e) {
            throw new BarrierException("root keyfile " + file + " is not base64");
        }
    }

    @Override
    public byte[] wrap(byte[] termKey, byte[] aad) {
        return AesGcm.seal(key, termKey, aad);
    }

    @Override
    public byte[] unwrap(byte[] wrapped, byte[] aad) {
        return AesGcm.open(key, wrapped, 0, aad);
    }

    @Override
    public String toString() {
        return "KeyfileRootKey[***]";
    }
}
