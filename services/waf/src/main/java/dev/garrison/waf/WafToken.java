package dev.garrison.waf;

import org.jspecify.annotations.Nullable;

/**
 * The {@code aws-waf-token} cookie: the domain it is good for, when its holder last solved a
 * challenge and a CAPTCHA puzzle (epoch seconds, 0 for never), and an id for the client session.
 */
record WafToken(String domain, long challengeAt, long captchaAt, String id) {
    static final String COOKIE = "aws-waf-token";
    private static final String LABEL = "token";

    String encode(TokenSigner signer) {
        return signer.sign(LABEL, "1\n" + domain + "\n" + challengeAt + "\n" + captchaAt + "\n" + id);
    }

    /** The token a cookie value holds, or null when it is not one this Garrison signed. */
    static @Nullable WafToken decode(TokenSigner signer, String value) {
        String payload = signer.verify(LABEL, value);
        if (payload == null) {
            return null;
        }
        String[] parts = payload.split("\n", -1);
        if (parts.length != 5 || !parts[0].equals("1")) {
            return null;
        }
        try {
            return new WafToken(parts[1], Long.parseLong(parts[2]), Long.parseLong(parts[3]), parts[4]);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
