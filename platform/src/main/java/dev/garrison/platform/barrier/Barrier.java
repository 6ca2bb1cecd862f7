package dev.garrison.platform.barrier;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.garrison.platform.storage.Row;
import dev.garrison.platform.storage.Store;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one door for secrets at rest. {@link #seal} encrypts with AES-256-GCM under the newest term
 * key and binds the caller's AAD (the row's identity); the output is
 * {@code version(1) || term(4) || nonce(12) || ciphertext || tag(16)}. Term keys live in the
 * {@code barrier_keyring} table, each wrapped by the root key.
 */
public final class Barrier {
    private static final byte VERSION = 1;
    private static final int HEADER = 5;
    private static final String KEYRING = "barrier_keyring";

    private final RootKey root;
    private final Store store;
    private volatile TreeMap<Integer, byte[]> terms;

    private Barrier(RootKey root, Store store, TreeMap<Integer, byte[]> terms) {
        this.root = root;
        this.store = store;
        this.terms = terms;
    }

    /** Opens the keyring in {@code store} with the root key, creating the first term on first start. */
    public static Barrier open(RootKey root, Store store) {
        TreeMap<Integer, byte[]> terms = new TreeMap<>();
        for (Row row : store.all(KEYRING)) {
            int term = Integer.parseInt(row.id());
            terms.put(term, root.unwrap(row.value(), termAad(term)));
        }
        Barrier barrier = new Barrier(root, store, terms);
        if (terms.isEmpty()) {
            barrier.rotate();
        }
        return barrier;
    }

    /** Adds a new term key; new seals use it, old ones still open. Returns the new term. */
    public synchronized int rotate() {
        int term = terms.isEmpty() ? 1 : terms.lastKey() + 1;
        byte[] key = AesGcm.randomKey();
        byte[] wrapped = root.wrap(key, termAad(term));
        store.write(tx -> tx.insert(KEYRING, new Row(Integer.toString(term), Map.of(), wrapped)));
        TreeMap<Integer, byte[]> next = new TreeMap<>(terms);
        next.put(term, key);
        terms = next;
        return term;
    }

    /** Seals {@code plaintext}, bound to {@code aad} (for example {@code "access_keys/AKIA..."}). */
    public byte[] seal(byte[] plaintext, String aad) {
        Map.Entry<Integer, byte[]> newest = terms.lastEntry();
        byte[] header = ByteBuffer.allocate(HEADER).put(VERSION).putInt(newest.getKey()).array();
        byte[] sealed = AesGcm.seal(newest.getValue(), plaintext, aad(header, aad));
        return ByteBuffer.allocate(HEADER + sealed.length).put(header).put(sealed).array();
    }

    /** Opens what {@link #seal} produced for the same {@code aad}; anything else is refused. */
    public byte[] open(byte[] sealed, String aad) {
        if (sealed.length < HEADER || sealed[0] != VERSION) {
            throw new BarrierException("sealed value has an unknown format");
        }
        int term = ByteBuffer.wrap(sealed, 1, 4).getInt();
        byte[] key = terms.get(term);
        if (key == null) {
            throw new BarrierException("sealed value names an unknown key term");
        }
        return AesGcm.open(key, sealed, HEADER, aad(java.util.Arrays.copyOf(sealed, HEADER), aad));
    }

    public int currentTerm() {
        return terms.lastKey();
    }

    private static byte[] aad(byte[] header, String aad) {
        byte[] context = aad.getBytes(UTF_8);
        return ByteBuffer.allocate(header.length + context.length).put(header).put(context).array();
    }

    private static byte[] termAad(int term) {
        return ("barrier_keyring/" + term).getBytes(UTF_8);
    }

    @Override
    public String toString() {
        return "Barrier[term=" + currentTerm() + "]";
    }
}
