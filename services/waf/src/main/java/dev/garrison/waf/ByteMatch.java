package dev.garrison.waf;

/** ByteMatchStatement: the search string EXACTLY, STARTS_WITH, ENDS_WITH, CONTAINS or CONTAINS_WORD. */
final class ByteMatch implements Matcher {
    private final Inspection inspection;
    private final String constraint;
    private final String search;

    ByteMatch(Inspection inspection, String constraint, String search) {
        this.inspection = inspection;
        this.constraint = constraint;
        this.search = search;
    }

    @Override
    public boolean matches(Evaluation evaluation) {
        return inspection.any(evaluation, this::test);
    }

    private boolean test(String value) {
        return switch (constraint) {
            case "EXACTLY" -> value.equals(search);
            case "STARTS_WITH" -> value.startsWith(search);
            case "ENDS_WITH" -> value.endsWith(search);
            case "CONTAINS" -> value.contains(search);
            default -> containsWord(value);
        };
    }

    /** CONTAINS_WORD: the search string with no word character (alphanumeric or underscore) either side. */
    private boolean containsWord(String value) {
        int from = 0;
        while (true) {
            int at = value.indexOf(search, from);
            if (at < 0) {
                return false;
            }
            int end = at + search.length();
            if ((at == 0 || !word(value.charAt(at - 1))) && (end == value.length() || !word(value.charAt(end)))) {
                return true;
            }
            from = at + 1;
        }
    }

    private static boolean word(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }
}
