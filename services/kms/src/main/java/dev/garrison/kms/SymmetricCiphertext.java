package dev.garrison.kms;

import dev.garrison.api.kms.InvalidCiphertextException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Garrison's symmetric ciphertext blob: self-describing, so Decrypt and ReEncrypt need no key id.
 * Layout: {@code 'G' 'K'}, format version 1, the key id's length and ASCII bytes, the 32 bytes of
 * the key material id, a 12-byte nonce, then AES-256-GCM ciphertext and its 16-byte tag. The
 * authenticated data is everything before the nonce followed by the encryption context (pairs
 * sorted by key, each string length-prefixed), so a blob opens only under its own key version
 * and exactly its context.
 */
final class SymmetricCiphertext {
    private static final byte[] MAGIC = {'G', 'K'};
    private static final byte FORMAT = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MATERIAL_ID_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A blob taken apart: what it names, and what is needed to open it. */
    record Parsed(String keyId, String materialId, byte[] header, byte[] nonce, byte[] body) {}

    private SymmetricCiphertext() {}

    /** Seals under {@code key}; {@code provider} runs the cipher (a token's for a key inside it), null for the JDK's. */
    static byte[] seal(String keyId, String materialId, Key key, @Nullable Provider provider, byte[] plaintext,
            Map<String, String> context) {
        byte[] header = header(keyId, materialId);
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(provider);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(header);
            cipher.updateAAD(canonical(context));
            byte[] body = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(header.length + nonce.length + body.length).put(header).put(nonce).put(body).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** Reads a blob's layout; anything that is not one of Garrison's blobs is an invalid ciphertext. */
    static Parsed parse(byte[] blob) {
        ByteBuffer in = ByteBuffer.wrap(blob);
        if (blob.length < 4 || in.get() != MAGIC[0] || in.get() != MAGIC[1] || in.get() != FORMAT) {
            throw invalid();
        }
        int idLength = in.get() & 0xFF;
        if (in.remaining() < idLength + MATERIAL_ID_BYTES + NONCE_BYTES + TAG_BITS / 8) {
            throw invalid();
        }
        byte[] id = new byte[idLength];
        in.get(id);
        byte[] material = new byte[MATERIAL_ID_BYTES];
        in.get(material);
        byte[] header = new byte[in.position()];
        System.arraycopy(blob, 0, header, 0, header.length);
        byte[] nonce = new byte[NONCE_BYTES];
        in.get(nonce);
        byte[] body = new byte[in.remaining()];
        in.get(body);
        return new Parsed(new String(id, StandardCharsets.US_ASCII), HexFormat.of().formatHex(material), header, nonce, body);
    }

    /** Opens a parsed blob with its key version's material; a wrong context or any change fails as AWS fails it. */
    static byte[] open(Parsed parsed, Key key, @Nullable Provider provider, Map<String, String> context) {
        try {
            Cipher cipher = cipher(provider);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, parsed.nonce()));
            cipher.updateAAD(parsed.header());
            cipher.updateAAD(canonical(context));
            return cipher.doFinal(parsed.body());
        } catch (javax.crypto.AEADBadTagException e) {
            throw invalid();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** Key material held here, as the cipher takes it. */
    static Key aes(byte[] material) {
        return new SecretKeySpec(material, "AES");
    }

    private static Cipher cipher(@Nullable Provider provider) throws GeneralSecurityException {
        return provider == null ? Cipher.getInstance("AES/GCM/NoPadding") : Cipher.getInstance("AES/GCM/NoPadding", provider);
    }

    static InvalidCiphertextException invalid() {
        return new InvalidCiphertextException(null);
    }

    private static byte[] header(String keyId, String materialId) {
        byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
        byte[] material = HexFormat.of().parseHex(materialId);
        return ByteBuffer.allocate(4 + id.length + material.length).put(MAGIC).put(FORMAT).put((byte) id.length).put(id)
                .put(material).array();
    }

    private static byte[] canonical(Map<String, String> context) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        new TreeMap<>(context).forEach((k, v) -> {
            for (String s : new String[] {k, v}) {
                byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
                out.writeBytes(bytes);
            }
        });
        return out.toByteArray();
    }
}
