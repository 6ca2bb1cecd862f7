package dev.garrison.waf;

import dev.garrison.platform.barrier.Barrier;
import dev.garrison.platform.storage.Row;
import dev.garrison.platform.storage.Store;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Signs what the CAPTCHA and challenge interstitials hand to clients (tokens, challenges,
 * puzzles) with one HMAC-SHA256 key, made on first start and kept sealed by the barrier. A signed
 * value is {@code base64url(payload).base64url(mac)}; each kind of value signs under its own
 * label so one can never pass for another.
 */
final class TokenSigner {
    private static final String TABLE = "waf_token_keys";
    private static final String ID = "signing";
    private static final String AAD = "waf_token_keys/signing";
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    TokenSigner(Store store, Barrier barrier) {
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        store.write(tx -> tx.insert(TABLE, new Row(ID, Map.of(), barrier.seal(fresh, AAD))));
        Row row = store.get(TABLE, ID);
        this.key = new SecretKeySpec(barrier.open(row.value(), AAD), "HmacSHA256");
    }

    /** {@code payload} signed under {@code label}. */
    String sign(String label, String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return ENCODE.encodeToString(bytes) + "." + ENCODE.encodeToString(mac(label, bytes));
    }

    /** The payload of a value signed under {@code label}, or null when it is not one. */
    @Nullable String verify(String label, @Nullable String signed) {
        if (signed == null || signed.length() > 4096) {
            return null;
        }
        int dot = signed.indexOf('.');
        if (dot < 0) {
            return null;
        }
        try {
            byte[] payload = DECODE.decode(signed.substring(0, dot));
            byte[] mac = DECODE.decode(signed.substring(dot + 1));
            return MessageDigest.isEqual(mac, mac(label, payload)) ? new String(payload, StandardCharsets.UTF_8) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A keyed digest of {@code text} under {@code label}, as URL-safe base64: what a puzzle keeps of its answer. */
    String digest(String label, String text) {
        return ENCODE.encodeToString(mac(label, text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Random hex, for nonces and token ids. */
    static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    private byte[] mac(String label, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(label.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
