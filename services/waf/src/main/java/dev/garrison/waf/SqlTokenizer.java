package dev.garrison.waf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads text as SQL tokens, as a database would, in one of three places the text may land in a
 * query: as bare SQL, or inside a string opened by {@code '} or {@code "} (the text's first such
 * quote then closes it). MySQL's executable comments ({@code /*! ... *}{@code /}) are read as the
 * code they hold; other comments become one COMMENT token each.
 */
final class SqlTokenizer {
    private static final Set<String> KEYWORDS = Set.of("select", "from", "where", "union", "all", "distinct", "insert",
            "into", "values", "update", "set", "delete", "drop", "create", "alter", "truncate", "table", "database", "schema",
            "exec", "execute", "declare", "cast", "convert", "as", "order", "group", "by", "having", "limit", "offset",
            "procedure", "case", "when", "then", "else", "end", "if", "waitfor", "delay", "shutdown", "grant", "revoke",
            "outfile", "dumpfile", "null", "true", "false", "join", "on", "using", "top", "begin", "asc", "desc", "for",
            "exists", "with", "returning", "analyse", "rollback", "commit", "print", "load", "sleep");
    private static final Set<String> LOGIC = Set.of("and", "or", "xor", "not");
    private static final Set<String> OPERATOR_WORDS = Set.of("like", "rlike", "regexp", "is", "in", "between", "sounds",
            "div", "mod", "collate", "escape", "glob", "match", "ilike", "similar");
    /** Keywords that stay keywords before a parenthesis: the structure of a query, never a function name. */
    private static final Set<String> STRUCTURAL = Set.of("select", "from", "where", "union", "all", "distinct", "into",
            "order", "group", "by", "having", "limit", "as", "on", "using", "when", "then", "else", "end", "join", "with",
            "returning", "top", "exists", "table", "set", "values", "in");
    private static final int LOGIC_WORD = 1;
    private static final int OPERATOR_WORD = 2;
    private static final int STRUCTURAL_WORD = 4;
    private static final int KEYWORD_WORD = 8;
    /** Each listed word's sets as bits, so a word is looked up once; a longer word is in none of them. */
    private static final Map<String, Integer> CLASSES = classes();
    private static final String[] SINGLES = new String[0x100];

    static {
        for (char c = 0; c < SINGLES.length; c++) {
            SINGLES[c] = String.valueOf(c);
        }
    }
    private static final int LONGEST = CLASSES.keySet().stream().mapToInt(String::length).max().orElseThrow();
    /**
     * The listed words again, open-addressed by their {@link String#hashCode}: an ASCII word is
     * found from the hash taken while it is read, without copying it first.
     */
    private static final String[] LISTED = new String[512];
    private static final int[] LISTED_HASHES = new int[LISTED.length];
    private static final int[] LISTED_CLASSES = new int[LISTED.length];

    static {
        CLASSES.forEach((word, classes) -> {
            int slot = word.hashCode() & (LISTED.length - 1);
            while (LISTED[slot] != null) {
                slot = (slot + 1) & (LISTED.length - 1);
            }
            LISTED[slot] = word;
            LISTED_HASHES[slot] = word.hashCode();
            LISTED_CLASSES[slot] = classes;
        });
    }

    private static final byte START = 1;
    private static final byte PART = 2;
    /** For each ASCII character: whether it starts a word ({@link #START}), continues one ({@link #PART}) or neither. */
    private static final byte[] WORD_CHARS = new byte[0x80];

    static {
        for (char c = 0; c < 0x80; c++) {
            WORD_CHARS[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$' ? START : c >= '0' && c <= '9' ? PART : 0;
        }
    }

    /** The text read: only as far as the detector asks, so it is never copied whole. */
    private final String text;
    private int at;
    private boolean spaced;
    private final List<SqlToken> tokens;

    private SqlTokenizer(String text) {
        this.text = text;
        this.tokens = new ArrayList<>();
    }

    private static Map<String, Integer> classes() {
        Map<String, Integer> classes = new HashMap<>();
        LOGIC.forEach(w -> classes.merge(w, LOGIC_WORD, (a, b) -> a | b));
        OPERATOR_WORDS.forEach(w -> classes.merge(w, OPERATOR_WORD, (a, b) -> a | b));
        STRUCTURAL.forEach(w -> classes.merge(w, STRUCTURAL_WORD, (a, b) -> a | b));
        KEYWORDS.forEach(w -> classes.merge(w, KEYWORD_WORD, (a, b) -> a | b));
        return Map.copyOf(classes);
    }

    /**
     * The tokens of {@code text} read bare (quote 0) or as if a string opened by {@code quote} came
     * before it, read as far as they are asked for.
     */
    static SqlTokens tokenize(String text, char quote) {
        SqlTokenizer tokenizer = new SqlTokenizer(text);
        if (quote != 0) {
            tokenizer.string(quote);
        }
        return new SqlTokens(tokenizer.tokens, tokenizer);
    }

    /** Reads the next element of the text (which may make no token, as a space does); false at its end. */
    boolean advance() {
        if (at >= text.length()) {
            return false;
        }
        char c = text.charAt(at);
        if (space(c)) {
            at++;
            spaced = true;
        } else if (c == '\'' || c == '"') {
            at++;
            string(c);
        } else if (c == '`') {
            int end = text.indexOf('`', at + 1);
            add(SqlToken.Type.WORD, text.substring(at + 1, end < 0 ? text.length() : end).toLowerCase(Locale.ROOT));
            at = end < 0 ? text.length() : end + 1;
        } else if (c == '-' && next(1) == '-' || c == '#') {
            int end = lineEnd(at);
            add(SqlToken.Type.COMMENT, text.substring(at, end));
            at = end;
        } else if (c == '/' && next(1) == '*') {
            comment();
        } else if (c == '*' && next(1) == '/') {
            at += 2;
        } else if (digit(c) || c == '.' && digit(next(1))) {
            number();
        } else if (c == '@') {
            int start = at;
            at++;
            if (next(0) == '@') {
                at++;
            }
            while (at < text.length() && wordChar(text.charAt(at))) {
                at++;
            }
            add(SqlToken.Type.VARIABLE, text.substring(start, at).toLowerCase(Locale.ROOT));
        } else if (wordStart(c)) {
            word();
        } else {
            symbol(c);
        }
        return true;
    }

    /** A string opened by {@code quote}, the opening quote already read. */
    private void string(char quote) {
        // most strings hold no escape: taken as they stand
        int close = text.indexOf(quote, at);
        if (close >= 0 && (close + 1 == text.length() || text.charAt(close + 1) != quote) && !backslashIn(at, close)) {
            add(SqlToken.Type.STRING, text.substring(at, close));
            at = close + 1;
            return;
        }
        StringBuilder content = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '\\' && at + 1 < text.length()) {
                content.append(text.charAt(at + 1));
                at += 2;
            } else if (c == quote && next(1) == quote) {
                content.append(quote);
                at += 2;
            } else if (c == quote) {
                at++;
                add(SqlToken.Type.STRING, content.toString());
                return;
            } else {
                content.append(c);
                at++;
            }
        }
        add(SqlToken.Type.OPEN_STRING, content.toString());
    }

    private boolean backslashIn(int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == '\\') {
                return true;
            }
        }
        return false;
    }

    private void comment() {
        if (next(2) == '!') {
            at += 3;
            while (at < text.length() && digit(text.charAt(at))) {
                at++;
            }
            return;
        }
        int end = text.indexOf("*/", at + 2);
        add(SqlToken.Type.COMMENT, text.substring(at, end < 0 ? text.length() : end + 2));
        at = end < 0 ? text.length() : end + 2;
    }

    private void number() {
        int start = at;
        if (text.charAt(at) == '0' && (next(1) == 'x' || next(1) == 'X' || next(1) == 'b' || next(1) == 'B')) {
            at += 2;
            while (at < text.length() && Character.digit(text.charAt(at), 16) >= 0) {
                at++;
            }
        } else {
            while (at < text.length() && digit(text.charAt(at))) {
                at++;
            }
            if (next(0) == '.') {
                at++;
                while (at < text.length() && digit(text.charAt(at))) {
                    at++;
                }
            }
            if ((next(0) == 'e' || next(0) == 'E') && (digit(next(1)) || (next(1) == '+' || next(1) == '-') && digit(next(2)))) {
                at += 2;
                while (at < text.length() && digit(text.charAt(at))) {
                    at++;
                }
            }
        }
        add(SqlToken.Type.NUMBER, text.substring(start, at));
    }

    private void word() {
        int start = at;
        int end = start;
        int hash = 0;
        boolean ascii = true;
        while (end < text.length() && wordChar(text.charAt(end))) {
            char c = text.charAt(end++);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            } else if (c > 0x7f) {
                ascii = false;
            }
            hash = 31 * hash + c;
        }
        at = end;
        int after = end;
        while (after < text.length() && space(text.charAt(after))) {
            after++;
        }
        boolean call = after < text.length() && text.charAt(after) == '(';
        int slot = ascii && end - start <= LONGEST ? listed(hash, start, end) : -1;
        if (slot < 0 && ascii) {
            if (end - start == 1 && isPrefix(text.charAt(start)) && next(0) == '\'') {
                at++;
                string('\'');
                return;
            }
            tokens.add(new SqlToken(call ? SqlToken.Type.FUNCTION : SqlToken.Type.WORD, text, start, end, spaced));
            spaced = false;
            return;
        }
        String word = slot >= 0 ? LISTED[slot] : text.substring(start, end).toLowerCase(Locale.ROOT);
        int classes = slot >= 0 ? LISTED_CLASSES[slot] : word.length() > LONGEST ? 0 : CLASSES.getOrDefault(word, 0);
        if ((classes & LOGIC_WORD) != 0) {
            add(SqlToken.Type.LOGIC, word);
        } else if ((classes & OPERATOR_WORD) != 0 && !call) {
            add(SqlToken.Type.OPERATOR, word);
        } else if (call && (classes & STRUCTURAL_WORD) == 0) {
            add(SqlToken.Type.FUNCTION, word);
        } else if ((classes & KEYWORD_WORD) != 0) {
            add(SqlToken.Type.KEYWORD, word);
        } else {
            add(SqlToken.Type.WORD, word);
        }
    }

    /** Whether a one-letter word prefixes a string literal: N'..', X'..', B'..' or E'..'. */
    private static boolean isPrefix(char c) {
        return c == 'n' || c == 'N' || c == 'x' || c == 'X' || c == 'b' || c == 'B' || c == 'e' || c == 'E';
    }

    /** The slot of the listed word the ASCII text from {@code start} to {@code end} is, ignoring case, or -1. */
    private int listed(int hash, int start, int end) {
        for (int slot = hash & (LISTED.length - 1); LISTED[slot] != null; slot = (slot + 1) & (LISTED.length - 1)) {
            String candidate = LISTED_HASHES[slot] == hash ? LISTED[slot] : "";
            if (candidate.length() == end - start && text.regionMatches(true, start, candidate, 0, end - start)) {
                return slot;
            }
        }
        return -1;
    }

    /**
     * A symbol's token, read char by char: it took a two-char substring of every symbol and
     * hashed it to switch on it, over half the time of reading text made of symbols.
     */
    private void symbol(char c) {
        char d = next(1);
        if (c == d && (c == '&' || c == '|')) {
            add(SqlToken.Type.LOGIC, c == '&' ? "&&" : "||");
            at += 2;
            return;
        }
        String pair = pairOperator(c, d);
        if (pair != null) {
            if (pair.equals("<=") && next(2) == '>') {
                add(SqlToken.Type.OPERATOR, "<=>");
                at += 3;
                return;
            }
            add(SqlToken.Type.OPERATOR, pair);
            at += 2;
            return;
        }
        at++;
        switch (c) {
            case '(' -> add(SqlToken.Type.OPEN_PAREN, "(");
            case ')' -> add(SqlToken.Type.CLOSE_PAREN, ")");
            case ',' -> add(SqlToken.Type.COMMA, ",");
            case ';' -> add(SqlToken.Type.SEMICOLON, ";");
            case '.' -> add(SqlToken.Type.DOT, ".");
            case '!' -> add(SqlToken.Type.LOGIC, "!");
            case '=', '<', '>', '+', '-', '*', '/', '%', '&', '|', '^', '~' -> add(SqlToken.Type.OPERATOR, single(c));
            default -> add(SqlToken.Type.OTHER, single(c));
        }
    }

    /** The two-char operator {@code c} and {@code d} make, or null. */
    private static @Nullable String pairOperator(char c, char d) {
        return switch (c) {
            case '<' -> d == '=' ? "<=" : d == '>' ? "<>" : d == '<' ? "<<" : null;
            case '>' -> d == '=' ? ">=" : d == '>' ? ">>" : null;
            case '!' -> d == '=' ? "!=" : d == '<' ? "!<" : d == '>' ? "!>" : null;
            case ':' -> d == '=' ? ":=" : null;
            default -> null;
        };
    }

    /** {@code c} as a string, one made once for each char up to U+00FF. */
    private static String single(char c) {
        return c < SINGLES.length ? SINGLES[c] : String.valueOf(c);
    }

    private void add(SqlToken.Type type, String value) {
        tokens.add(new SqlToken(type, value, spaced));
        spaced = false;
    }

    private char next(int offset) {
        return at + offset < text.length() ? text.charAt(at + offset) : 0;
    }

    private int lineEnd(int from) {
        int end = from;
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
            end++;
        }
        return end;
    }

    private static boolean space(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b || c == 0xa0 || c == 0;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean wordStart(char c) {
        return c < 0x80 ? WORD_CHARS[c] == START : c != 0xa0;
    }

    private static boolean wordChar(char c) {
        return c < 0x80 ? WORD_CHARS[c] != 0 : c != 0xa0;
    }
}
