package dev.garrison.platform.barrier;

/**
 * Where the barrier's root key comes from: a keyfile, a passphrase, or an HSM. The root key only
 * wraps the keyring's term keys; it never seals data directly.
 */
public interface RootKey {
    /** Seals a term key under the root key, binding {@code aad}. */
    byte[] wrap(byte[] termKey, byte[] aad);

    /** Opens what {@link #wrap} sealed; throws {@link BarrierException} when the root key is not the one that sealed it. */
    byte[] unwrap(byte[] wrapped, byte[] aad);
}
