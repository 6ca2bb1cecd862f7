package dev.garrison.waf;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One token of input read as SQL: what it is, its text (lowercased for words) and whether
 * whitespace came right before it. Most words of a long value are never looked at by text, so a
 * word that is none of the listed ones keeps only where it stands in the input and makes its
 * text when first asked.
 */
final class SqlToken {
    private final Type type;
    private final boolean spaced;
    private @Nullable String text;
    private final @Nullable String source;
    private final int start;
    private final int end;

    SqlToken(Type type, String text, boolean spaced) {
        this.type = type;
        this.text = text;
        this.spaced = spaced;
        this.source = null;
        this.start = 0;
        this.end = 0;
    }

    /** A word that is {@code source[start..end)}, lowercased. */
    SqlToken(Type type, String source, int start, int end, boolean spaced) {
        this.type = type;
        this.spaced = spaced;
        this.source = source;
        this.start = start;
        this.end = end;
    }

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

    boolean spaced() {
        return spaced;
    }

    String text() {
        String made = text;
        if (made == null) {
            made = source.substring(start, end).toLowerCase(Locale.ROOT);
            text = made;
        }
        return made;
    }

    boolean is(Type t) {
        return type == t;
    }

    boolean is(Type t, String word) {
        return type == t && text().equals(word);
    }
}
