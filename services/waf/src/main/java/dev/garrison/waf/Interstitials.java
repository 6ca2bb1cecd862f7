package dev.garrison.waf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The pages a CAPTCHA or Challenge action answers with, and the paths on the protected host
 * where their answers are posted.
 */
final class Interstitials {
    /** Where a load balancer with a web ACL takes token requests instead of forwarding them. */
    static final String PREFIX = "/.garrison-waf/";
    static final String CHALLENGE_VERIFY = PREFIX + "challenge";
    static final String CAPTCHA_VERIFY = PREFIX + "captcha";
    private static final String CHALLENGE = resource("waf/challenge.html");
    private static final String CAPTCHA = resource("waf/captcha.html");

    private Interstitials() {}

    /** The silent challenge: a script that solves {@code challenge} and reloads the page. */
    static String challenge(String challenge) {
        return CHALLENGE.replace("{{CHALLENGE}}", challenge).replace("{{DIFFICULTY}}", Integer.toString(ProofOfWork.DIFFICULTY))
                .replace("{{VERIFY}}", CHALLENGE_VERIFY);
    }

    /** The puzzle page; {@code returnTo} is where the client goes once it is solved; {@code retry} after a wrong answer. */
    static String captcha(CaptchaPuzzle.Puzzle puzzle, String returnTo, boolean retry) {
        return CAPTCHA.replace("{{RETRY}}", retry ? "<p class=\"retry\">That was not it. Here is another one.</p>\n" : "")
                .replace("{{LENGTH}}", Integer.toString(CaptchaPuzzle.LENGTH))
                .replace("{{VERIFY}}", CAPTCHA_VERIFY)
                .replace("{{IMAGE}}", Base64.getEncoder().encodeToString(puzzle.png()))
                .replace("{{WIDTH}}", Integer.toString(CaptchaImage.WIDTH))
                .replace("{{HEIGHT}}", Integer.toString(CaptchaImage.HEIGHT))
                .replace("{{PUZZLE}}", escape(puzzle.token()))
                .replace("{{RETURN}}", escape(returnTo));
    }

    /** {@code text} safe inside an HTML attribute or element. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String resource(String name) {
        try (InputStream in = Interstitials.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
