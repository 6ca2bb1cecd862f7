package dev.garrison.waf;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CAPTCHA interstitial's puzzle: six random digits drawn distorted in an image. What the
 * client keeps is a signed puzzle naming its domain, when it was made and a keyed digest of the
 * answer, never the answer itself; a puzzle is good for ten minutes and takes one answer, right
 * or wrong, so guessing costs a new puzzle each time.
 */
final class CaptchaPuzzle {
    static final int LENGTH = 6;
    private static final String LABEL = "captcha";
    private static final String ANSWER = "captcha-answer";
    private static final long VALID_SECONDS = 600;
    /** How many tried puzzles are kept before the expired are looked for (at most once a second). */
    private static final int REMEMBERED = 100_000;
    /**
     * How many tried, unexpired puzzles are kept at most: past it, answers are refused until some
     * expire, rather than the memory for them growing with whatever rate puzzles are tried at.
     */
    private static final int MOST_REMEMBERED = 1_000_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A puzzle to show: its signed form and its image (PNG). */
    record Puzzle(String token, byte[] png) {}

    private final TokenSigner signer;
    /** Puzzles already tried, by nonce, with when they expire (epoch seconds). */
    private final Map<String, Long> answered = new ConcurrentHashMap<>();
    /** The second the expired were last looked for. */
    private final AtomicLong sweptAt = new AtomicLong(Long.MIN_VALUE);

    CaptchaPuzzle(TokenSigner signer) {
        this.signer = signer;
    }

    Puzzle issue(String domain, Instant now) {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < LENGTH; i++) {
            code.append((char) ('0' + RANDOM.nextInt(10)));
        }
        String nonce = TokenSigner.random(12);
        String token = signer.sign(LABEL, domain + "\n" + now.getEpochSecond() + "\n" + nonce + "\n"
                + signer.digest(ANSWER, nonce + "\n" + code));
        return new Puzzle(token, CaptchaImage.render(code.toString()));
    }

    /** Whether {@code answer} solves {@code puzzle}, made for {@code domain}, fresh and not tried before. */
    boolean answered(String puzzle, String answer, String domain, Instant now) {
        String payload = signer.verify(LABEL, puzzle);
        if (payload == null) {
            return false;
        }
        String[] parts = payload.split("\n", -1);
        if (parts.length != 4 || !parts[0].equals(domain)) {
            return false;
        }
        long issued = Long.parseLong(parts[1]);
        long seconds = now.getEpochSecond();
        if (seconds - issued > VALID_SECONDS || issued - seconds > 60) {
            return false;
        }
        forgetExpired(seconds);
        if (answered.size() >= MOST_REMEMBERED || answered.putIfAbsent(parts[2], issued + VALID_SECONDS) != null) {
            return false;
        }
        String given = answer.replaceAll("\\s", "");
        return MessageDigest.isEqual(signer.digest(ANSWER, parts[2] + "\n" + given).getBytes(StandardCharsets.US_ASCII),
                parts[3].getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Drops the tried puzzles that expired, once there are many, and at most once a second: each
     * answer tried with 100,000 kept used to look through them all.
     */
    private void forgetExpired(long now) {
        long swept = sweptAt.get();
        if (answered.size() < REMEMBERED || swept == now || !sweptAt.compareAndSet(swept, now)) {
            return;
        }
        for (Iterator<Long> expiries = answered.values().iterator(); expiries.hasNext(); ) {
            if (expiries.next() < now) {
                expiries.remove();
            }
        }
    }
}
