package dev.garrison.platform.policy;

import java.util.Locale;

/**
 * One Action or NotAction entry, folded to lower case and sorted into the shapes IAM policies
 * nearly always take (everything, one action, a prefix and a star) so that those compare with a
 * plain string test; anything else goes through {@link Wildcard}.
 */
final class ActionPattern {
    private enum Shape { ANY, EXACT, PREFIX, WILDCARD }

    private final Shape shape;
    private final String text;

    ActionPattern(String pattern) {
        String lower = pattern.toLowerCase(Locale.ROOT);
        int firstWildcard = firstWildcard(lower);
        if (lower.equals("*")) {
            shape = Shape.ANY;
            text = lower;
        } else if (firstWildcard < 0) {
            shape = Shape.EXACT;
            text = lower;
        } else if (firstWildcard == lower.length() - 1 && lower.charAt(firstWildcard) == '*') {
            shape = Shape.PREFIX;
            text = lower.substring(0, firstWildcard);
        } else {
            shape = Shape.WILDCARD;
            text = lower;
        }
    }

    /** {@code action} must be in lower case. */
    boolean matches(String action) {
        return switch (shape) {
            case ANY -> true;
            case EXACT -> text.equals(action);
            case PREFIX -> action.startsWith(text);
            case WILDCARD -> Wildcard.matches(text, action);
        };
    }

    private static int firstWildcard(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?' || c == Wildcard.LITERAL) {
                return i;
            }
        }
        return -1;
    }
}
