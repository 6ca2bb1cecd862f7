package dev.garrison.iam;

import java.security.SecureRandom;

/** IAM's identifiers: unique ids with their type prefix (AIDA, ANPA, AKIA...) and secret access keys. */
public final class IamIds {
    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final SecureRandom RANDOM = new SecureRandom();

    private IamIds() {}

    static String userId() {
        return "AIDA" + random(ID_CHARS, 17);
    }

    static String groupId() {
        return "AGPA" + random(ID_CHARS, 17);
    }

    static String roleId() {
        return "AROA" + random(ID_CHARS, 17);
    }

    static String sessionAccessKeyId() {
        return "ASIA" + random(ID_CHARS, 16);
    }

    /** An opaque session token: 256 random characters of the secret alphabet. */
    static String sessionToken() {
        return random(SECRET_CHARS, 256);
    }

    static String policyId() {
        return "ANPA" + random(ID_CHARS, 17);
    }

    public static String accessKeyId() {
        return "AKIA" + random(ID_CHARS, 16);
    }

    public static String secretAccessKey() {
        return random(SECRET_CHARS, 40);
    }

    private static String random(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
