package dev.garrison.waf;

/**
 * One token of input read as SQL.
 *
 * @param type what it is
 * @param text its text, lowercased for words
 * @param spaced whether whitespace came right before it
 */
record SqlToken(Type type, String text, boolean spaced) {
    /** The kinds of SQL tokens the detector reasons about. */
    enum Type {
        NUMBER,
        /** A quoted string; {@code text} is its content. */
        STRING,
        /** A string whose closing quote never came: the input ended inside it. */
        OPEN_STRING,
        /** A {@code @name} or {@code @@name} variable. */
        VARIABLE,
        /** An identifier that is not a keyword. */
        WORD,
        KEYWORD,
        /** AND, OR, XOR, NOT, {@code &&}, {@code ||}, {@code !}. */
        LOGIC,
        /** Comparison and arithmetic: {@code = < > <= >= <> != + - * / % & | ^ ~}, LIKE, IS, IN, BETWEEN and the like. */
        OPERATOR,
        /** A name directly followed by {@code (}. */
        FUNCTION,
        OPEN_PAREN,
        CLOSE_PAREN,
        COMMA,
        SEMICOLON,
        DOT,
        /** {@code --}, {@code #} or {@code /* *}{@code /} (not MySQL's executable {@code /*!}, whose content is code). */
        COMMENT,
        /** Anything else. */
        OTHER
    }

    boolean is(Type t) {
        return type == t;
    }

    boolean is(Type t, String word) {
        return type == t && text.equals(word);
    }
}
