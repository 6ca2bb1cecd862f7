package dev.garrison.waf;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

/**
 * The challenge interstitial's proof of work: a signed challenge for one domain, solved by the
 * nonce that makes {@code SHA-256(challenge ":" nonce)} start with {@link #DIFFICULTY} zero bits
 * (about 65,000 hashes: a fraction of a second in a browser, a cost per token for a bot). A
 * challenge is good for five minutes.
 */
final class ProofOfWork {
    static final int DIFFICULTY = 16;
    private static final String LABEL = "challenge";
    private static final long VALID_SECONDS = 300;

    private final TokenSigner signer;

    ProofOfWork(TokenSigner signer) {
        this.signer = signer;
    }

    String issue(String domain, Instant now) {
        return signer.sign(LABEL, domain + "\n" + now.getEpochSecond() + "\n" + TokenSigner.random(16));
    }

    /** Whether {@code nonce} solves {@code challenge}, issued for {@code domain} and still fresh. */
    boolean solved(String challenge, String nonce, String domain, Instant now) {
        String payload = signer.verify(LABEL, challenge);
        if (payload == null || nonce.isEmpty() || nonce.length() > 20 || !nonce.chars().allMatch(Character::isDigit)) {
            return false;
        }
        String[] parts = payload.split("\n", -1);
        if (parts.length != 3 || !parts[0].equals(domain)) {
            return false;
        }
        long issued = Long.parseLong(parts[1]);
        if (now.getEpochSecond() - issued > VALID_SECONDS || issued - now.getEpochSecond() > 60) {
            return false;
        }
        return leadingZeroBits(sha256(challenge + ":" + nonce)) >= DIFFICULTY;
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static int leadingZeroBits(byte[] digest) {
        int bits = 0;
        for (byte b : digest) {
            if (b == 0) {
                bits += 8;
            } else {
                return bits + Integer.numberOfLeadingZeros(b & 0xff) - 24;
            }
        }
        return bits;
    }
}
