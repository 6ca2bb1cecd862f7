package dev.garrison.platform.policy;

/**
 * IAM's wildcards: {@code *} matches any run of characters (none included), {@code ?} any one.
 * {@link #LITERAL} before a character makes it literal: policy variables ({@code ${*}}, a
 * user name) insert text, never wildcards. Matching is linear in practice: one backtrack
 * point, the last star. Case counts; callers fold it first where it should not (actions).
 */
final class Wildcard {
    /** A noncharacter that no ARN or condition value carries: the next pattern character is literal. */
    static final char LITERAL = '\uFFFF';

    private Wildcard() {}

    /** {@code text} as a pattern that matches only itself. */
    static String literal(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' || c == '?' || c == LITERAL) {
                out.append(LITERAL);
            }
            out.append(c);
        }
        return out.toString();
    }

    static boolean matches(String pattern, String text) {
        if (pattern.length() == 1 && pattern.charAt(0) == '*') {
            return true;
        }
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            boolean escaped = p + 1 < pattern.length() && pattern.charAt(p) == LITERAL;
            if (escaped && pattern.charAt(p + 1) == text.charAt(t)) {
                p += 2;
                t++;
            } else if (!escaped && p < pattern.length()
                    && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (!escaped && p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
