package dev.garrison.waf;

import dev.garrison.waf.SqlToken.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decides whether text is an SQL injection: it reads the text as SQL where it could land (bare, or
 * inside a {@code '} or {@code "} string it breaks out of) and looks for what only injected SQL
 * does there: a second query joined with UNION or stacked after {@code ;}, a condition added to
 * the query's own with AND/OR and a comparison, the rest of the query cut off by a comment, calls
 * of functions that stall or reach outside the database, subqueries. LOW sensitivity needs one of
 * these in a form benign text does not take; HIGH also takes the weaker forms (a bare condition, a
 * function call, a statement fragment), as AWS WAF's two levels do.
 */
final class SqliDetector {
    private static final Set<String> STATEMENTS = Set.of("select", "insert", "update", "delete", "drop", "create", "alter",
            "truncate", "exec", "execute", "declare", "shutdown", "waitfor", "set", "grant", "revoke", "if", "begin", "load",
            "print", "rollback", "commit", "with");
    private static final Set<String> COMPARISONS = Set.of("=", "<", ">", "<=", ">=", "<>", "!=", "<=>", "!<", "!>", "like",
            "rlike", "regexp", "is", "in", "between", "sounds", "glob", "match", "ilike", "similar");
    /** Functions that stall the database or reach outside it: only an attack calls them from user input. */
    private static final Set<String> DANGEROUS = Set.of("sleep", "benchmark", "pg_sleep", "load_file", "xp_cmdshell",
            "extractvalue", "updatexml", "sys_eval", "sys_exec", "utl_inaddr.get_host_address", "utl_http.request",
            "dbms_pipe.receive_message", "randomblob", "get_lock", "pg_read_file", "dbms_lock.sleep", "exp", "geometrycollection",
            "polygon", "multipoint", "linestring", "json_keys", "name_const", "make_set", "elt");
    /** Functions that read what the database is and holds, or build text to hide an attack. */
    private static final Set<String> PROBING = Set.of("version", "database", "user", "current_user", "system_user",
            "session_user", "schema", "char", "chr", "concat", "concat_ws", "group_concat", "substring", "substr", "mid",
            "ascii", "ord", "hex", "unhex", "cast", "convert", "count", "length", "len", "if", "ifnull", "isnull", "nullif",
            "coalesce", "iif", "case", "md5", "sha1", "floor", "rand", "left", "right", "reverse", "lower", "upper", "trim",
            "instr", "locate", "position", "lpad", "rpad", "replace", "row", "db_name", "user_name", "host_name",
            "sqlite_version", "current_database", "to_char", "to_number", "substring_index", "bin", "oct", "conv",
            "charindex", "unicode", "nchar", "dcount", "last", "first", "filetoclob", "filetoblob", "array_to_json",
            "array_agg", "xmlagg", "xmlelement", "rtrim", "ltrim", "exists", "min", "max", "sum", "avg", "abs", "cos",
            "binary", "utc_date", "now", "current_timestamp", "pi", "sqrt", "power", "round", "mod", "greatest", "least",
            "strcmp", "field", "find_in_set", "aes_decrypt", "aes_encrypt", "compress", "uncompress", "encode", "decode",
            "from_base64", "to_base64", "quote", "soundex", "space", "repeat", "insert", "json_extract", "values");
    private static final Set<String> CATALOGS = Set.of("information_schema", "@@version", "sysobjects", "syscolumns",
            "pg_catalog", "sqlite_master", "mysql", "all_tables", "user_tables", "pg_stat_user_tables", "msysobjects",
            "@@datadir", "@@hostname", "@@servername", "master", "sys", "dual");

    /** The first four letters of the LOW keywords as {@link #mayHoldLowSign}'s window holds them. */
    private static final int INTO = first4("into");
    private static final int EXEC = first4("exec");
    private static final int UNIO = first4("unio");
    private static final int SELE = first4("sele");
    private static final int WAIT = first4("wait");
    /** The symbols below {@code @} that a LOW sign or a comment may start with, one bit each: ( ; # - / */
    private static final long LOW_SYMBOLS = 1L << '(' | 1L << ';' | 1L << '#' | 1L << '-' | 1L << '/';
    /** Where {@link #mayHoldLowSign} may answer yes: its keywords' first three letters, the comments, its symbols. */
    private static final LiteralFilter LOW_SIGNS = LiteralFilter.of(List.of("int", "exe", "uni", "sel", "wai", "--", "/*"),
            "(;#", false);

    private SqliDetector() {}

    /** Whether {@code text} (already decoded by the rule's text transformations) is an SQL injection. */
    static boolean detect(String text, boolean high) {
        if (text.isEmpty()) {
            return false;
        }
        boolean whole = high || LOW_SIGNS.mayHold(text) && mayHoldLowSign(text);
        if (injected(SqlTokenizer.tokenize(text, (char) 0), false, high, whole)) {
            return true;
        }
        for (char quote : new char[] {'\'', '"'}) {
            if (text.indexOf(quote) >= 0) {
                SqlTokens tokens = SqlTokenizer.tokenize(text, quote);
                if (tokens.has(0) && tokens.get(0).is(Type.STRING) && injected(tokens, true, high, whole)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether {@code text} may hold what a sign {@link #anywhere} starts with at LOW sensitivity (the
     * keywords UNION, SELECT, WAITFOR, INTO and EXEC, {@code (} or {@code ;}) or a comment. Any token
     * of the text is a piece of it, and lowercasing a character up to U+00FF makes an ASCII letter
     * only of an ASCII letter; a character above that answers yes.
     * The last four characters, lowercased, ride in one int: a keyword is looked for only where the
     * window holds its first four letters, one compare per keyword per character: a spelling check
     * called at every u, s, w, i and e made this scan a fifth slower over a 2 KB form body.
     */
    private static boolean mayHoldLowSign(String text) {
        int n = text.length();
        char[] chars = Scratch.chars(text);
        int window = 0;
        for (int i = 0; i < n; i++) {
            char c = chars[i];
            if (c > 0xff) {
                return true;
            }
            if (c < 0x40 && (LOW_SYMBOLS >>> c & 1) != 0 && lowSignSymbol(chars, n, i, c)) {
                return true;
            }
            window = window << 8 | (c | 0x20) & 0xff;
            if (window == INTO || window == EXEC
                    || window == UNIO && spells(chars, n, i - 3, "union")
                    || window == SELE && spells(chars, n, i - 3, "select")
                    || window == WAIT && spells(chars, n, i - 3, "waitfor")) {
                return true;
            }
        }
        return false;
    }

    /** A word's first four letters as {@link #mayHoldLowSign}'s window holds them. */
    private static int first4(String word) {
        return word.charAt(0) << 24 | word.charAt(1) << 16 | word.charAt(2) << 8 | word.charAt(3);
    }

    /** Whether a LOW sign or a comment starts with the symbol {@code c}, one of {@link #LOW_SYMBOLS}, at {@code i}. */
    private static boolean lowSignSymbol(char[] chars, int n, int i, char c) {
        return switch (c) {
            case '-' -> i + 1 < n && chars[i + 1] == '-';
            case '/' -> i + 1 < n && chars[i + 1] == '*';
            default -> true;
        };
    }

    /** Whether {@code chars} (the first {@code n}) hold {@code word} (lowercase ASCII letters) at {@code at}, in either case. */
    private static boolean spells(char[] chars, int n, int at, String word) {
        if (at + word.length() > n) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if ((chars[at + k] | 0x20) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code quoted}: the first token is the string the text closed; what follows it is what the
     * text added. {@code whole}: false when the text holds no comment and none of what a sign found
     * anywhere starts with ({@link #mayHoldLowSign}, at LOW sensitivity only): then only how the
     * tokens start can make an injection, and only as many are read as that takes.
     */
    private static boolean injected(SqlTokens all, boolean quoted, boolean high, boolean whole) {
        if (!whole) {
            return quoted ? afterBreak(all, 1, false, simple(all.get(0).text())) : valueLed(all, false, false);
        }
        List<SqlToken> read = all.all();
        boolean trailingComment = !read.isEmpty() && read.getLast().is(Type.COMMENT);
        List<SqlToken> kept = null;
        for (int i = 0; i < read.size(); i++) {
            SqlToken token = read.get(i);
            if (token.is(Type.COMMENT)) {
                if (quoted && onlyClosers(all, 1, i) && cutOff(all, i, high)) {
                    return true;
                }
                if (kept == null) {
                    kept = new ArrayList<>(read.subList(0, i));
                }
            } else if (kept != null) {
                kept.add(token);
            }
        }
        SqlTokens tokens = kept == null ? all : new SqlTokens(kept, null);
        if (anywhere(tokens, high)) {
            return true;
        }
        if (quoted) {
            return afterBreak(tokens, 1, high, simple(tokens.get(0).text()));
        }
        return valueLed(tokens, high, trailingComment);
    }

    /**
     * A comment right after the string the text closed cuts the rest of the query off: an injection
     * ({@code admin'--}). At LOW sensitivity only after a single value, and {@code #} only when it
     * touches the quote: text with a quote and a hash sign is otherwise common.
     */
    private static boolean cutOff(SqlTokens all, int comment, boolean high) {
        if (high) {
            return true;
        }
        SqlToken token = all.get(comment);
        String value = all.get(0).text();
        return token.text().startsWith("#") ? simple(value) && comment == 1 && !token.spaced()
                : value.isEmpty() || simple(value);
    }

    /** Whether the text before the break is one value, as an injected parameter's is, rather than prose. */
    private static boolean simple(String value) {
        if (value.isEmpty() || value.length() > 64) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isWhitespace(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether tokens {@code from} to {@code to} (exclusive) are only closing parentheses and semicolons. */
    private static boolean onlyClosers(SqlTokens tokens, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!tokens.get(i).is(Type.CLOSE_PAREN) && !tokens.get(i).is(Type.SEMICOLON)) {
                return false;
            }
        }
        return true;
    }

    /**
     * What is an injection wherever it stands. At LOW sensitivity each sign starts at a keyword,
     * {@code ;}, {@code (} or a call, and {@link #mayHoldLowSign} lists the text they come from: a
     * new LOW sign here must be added there, or text without the others will not be read for it.
     */
    private static boolean anywhere(SqlTokens t, boolean high) {
        for (int i = 0; t.has(i); i++) {
            SqlToken token = t.get(i);
            if (!high && !token.is(Type.KEYWORD) && !token.is(Type.SEMICOLON) && !token.is(Type.OPEN_PAREN)
                    && !token.is(Type.FUNCTION)) {
                continue; // at LOW, every sign below starts at one of these
            }
            if (token.is(Type.KEYWORD, "union")) {
                int j = i + 1;
                while (t.has(j) && (t.get(j).is(Type.KEYWORD, "all") || t.get(j).is(Type.KEYWORD, "distinct")
                        || t.get(j).is(Type.OPEN_PAREN))) {
                    j++;
                }
                if (t.has(j) && t.get(j).is(Type.KEYWORD, "select")) {
                    return true;
                }
            }
            if (token.is(Type.SEMICOLON) && t.has(i + 1) && statement(t, i + 1, high)) {
                return true;
            }
            if (token.is(Type.OPEN_PAREN) && t.has(i + 1) && t.get(i + 1).is(Type.KEYWORD, "select")) {
                return true;
            }
            if (token.is(Type.FUNCTION) && DANGEROUS.contains(token.text()) && !(token.text().equals("exp")
                    || token.text().equals("elt") || token.text().equals("polygon") || token.text().equals("linestring")) ) {
                return true;
            }
            if (token.is(Type.KEYWORD, "waitfor") && t.has(i + 1)
                    && (t.get(i + 1).is(Type.KEYWORD, "delay") || t.get(i + 1).is(Type.WORD, "time"))) {
                return true;
            }
            if (token.is(Type.KEYWORD, "into") && t.has(i + 1)
                    && (t.get(i + 1).is(Type.KEYWORD, "outfile") || t.get(i + 1).is(Type.KEYWORD, "dumpfile"))) {
                return true;
            }
            if ((token.is(Type.KEYWORD, "exec") || token.is(Type.KEYWORD, "execute")) && t.has(i + 1)
                    && (t.get(i + 1).text().startsWith("xp_") || t.get(i + 1).text().startsWith("sp_")
                    || t.get(i + 1).is(Type.WORD, "master") || t.get(i + 1).is(Type.OPEN_PAREN))) {
                return true;
            }
            if (token.is(Type.KEYWORD, "select") && select(t, i, high)) {
                return true;
            }
            if (high && highAnywhere(t, i)) {
                return true;
            }
        }
        return false;
    }

    /** The weaker signs HIGH sensitivity takes anywhere. */
    private static boolean highAnywhere(SqlTokens t, int i) {
        SqlToken token = t.get(i);
        if (token.is(Type.FUNCTION) && (DANGEROUS.contains(token.text()) || PROBING.contains(token.text()))
                && nestedCall(t, i)) {
            return true;
        }
        if ((token.is(Type.VARIABLE) && token.text().startsWith("@@")) || t.has(i + 1) && t.get(i + 1).is(Type.DOT)
                && CATALOGS.contains(token.text())) {
            return true;
        }
        if (token.is(Type.KEYWORD, "having") && t.has(i + 1) && operand(t.get(i + 1))) {
            return true;
        }
        if ((token.is(Type.KEYWORD, "order") || token.is(Type.KEYWORD, "group")) && t.has(i + 2)
                && t.get(i + 1).is(Type.KEYWORD, "by") && (t.get(i + 2).is(Type.NUMBER) && i + 3 == t.size()
                || t.get(i + 2).is(Type.FUNCTION))) {
            return true;
        }
        if (token.is(Type.KEYWORD, "case")) {
            for (int j = i + 1; j < i + 8 && t.has(j); j++) {
                if (t.get(j).is(Type.KEYWORD, "when")) {
                    return true;
                }
            }
        }
        if (token.is(Type.FUNCTION, "exec") || token.is(Type.FUNCTION, "execute")) {
            return true;
        }
        if ((token.is(Type.KEYWORD, "insert") && t.has(i + 1) && t.get(i + 1).is(Type.KEYWORD, "into"))
                || (token.is(Type.KEYWORD, "delete") && t.has(i + 1) && t.get(i + 1).is(Type.KEYWORD, "from"))
                || ((token.is(Type.KEYWORD, "drop") || token.is(Type.KEYWORD, "truncate") || token.is(Type.KEYWORD, "create")
                        || token.is(Type.KEYWORD, "alter")) && t.has(i + 1) && t.get(i + 1).is(Type.KEYWORD, "table"))
                || (token.is(Type.KEYWORD, "update") && t.has(i + 2) && t.get(i + 2).is(Type.KEYWORD, "set"))) {
            return true;
        }
        return token.is(Type.KEYWORD, "declare") && t.has(i + 1) && t.get(i + 1).is(Type.VARIABLE);
    }

    /** Whether the call at {@code i} holds another call, a subquery keyword, a variable or a cast's AS. */
    private static boolean nestedCall(SqlTokens t, int i) {
        int depth = 0;
        for (int j = i + 1; t.has(j); j++) {
            SqlToken token = t.get(j);
            if (token.is(Type.OPEN_PAREN)) {
                depth++;
            } else if (token.is(Type.CLOSE_PAREN)) {
                depth--;
                if (depth <= 0) {
                    return j == i + 2 && (PROBING.contains(t.get(i).text()) && Set.of("version", "database", "user",
                            "current_user", "system_user", "session_user", "db_name", "user_name", "sqlite_version",
                            "current_database", "schema").contains(t.get(i).text()));
                }
            } else if (depth > 0 && (token.is(Type.FUNCTION) || token.is(Type.VARIABLE) || token.is(Type.KEYWORD, "as")
                    || token.is(Type.KEYWORD, "select") || token.is(Type.KEYWORD, "from") || token.is(Type.KEYWORD, "using"))) {
                return true;
            }
        }
        return false;
    }

    /** A SELECT at {@code i} that selects something only a query selects. */
    private static boolean select(SqlTokens t, int i, boolean high) {
        if (!t.has(i + 1)) {
            return false;
        }
        SqlToken next = t.get(i + 1);
        boolean expression = next.is(Type.NUMBER) || next.is(Type.FUNCTION) || next.is(Type.VARIABLE)
                || next.is(Type.OPERATOR, "*") || next.is(Type.OPERATOR, "-") || next.is(Type.STRING) || next.is(Type.OPEN_PAREN)
                || next.is(Type.KEYWORD, "null") || next.is(Type.KEYWORD, "top") || next.is(Type.KEYWORD, "distinct");
        if (!expression) {
            return high && t.has(i + 2) && next.is(Type.WORD)
                    && (t.get(i + 2).is(Type.KEYWORD, "from") || t.get(i + 2).is(Type.COMMA));
        }
        if (high) {
            return true;
        }
        for (int j = i + 2; t.has(j); j++) {
            if (t.get(j).is(Type.KEYWORD, "from") || t.get(j).is(Type.KEYWORD, "into")) {
                return true;
            }
        }
        return false;
    }

    /** Whether a statement of the kind injections stack starts at {@code i}. */
    private static boolean statement(SqlTokens t, int i, boolean high) {
        SqlToken first = t.get(i);
        if (!(first.is(Type.KEYWORD) || first.is(Type.FUNCTION, "if")) || !STATEMENTS.contains(first.text())) {
            return false;
        }
        if (high) {
            return true;
        }
        if (!t.has(i + 1)) {
            return first.text().equals("shutdown") || first.text().equals("commit") || first.text().equals("rollback");
        }
        SqlToken next = t.get(i + 1);
        return switch (first.text()) {
            case "select" -> select(t, i, true);
            case "drop", "create", "alter", "truncate" -> next.is(Type.KEYWORD, "table") || next.is(Type.KEYWORD, "database")
                    || next.is(Type.WORD, "procedure") || next.is(Type.WORD, "user") || next.is(Type.KEYWORD, "schema");
            case "insert" -> next.is(Type.KEYWORD, "into");
            case "delete" -> next.is(Type.KEYWORD, "from");
            case "update" -> t.has(i + 2) && t.get(i + 2).is(Type.KEYWORD, "set");
            case "declare", "set" -> next.is(Type.VARIABLE);
            case "exec", "execute" -> next.text().startsWith("xp_") || next.text().startsWith("sp_")
                    || next.is(Type.WORD, "master") || next.is(Type.FUNCTION) || next.is(Type.OPEN_PAREN) || next.is(Type.VARIABLE);
            case "waitfor" -> next.is(Type.KEYWORD, "delay") || next.is(Type.WORD, "time");
            case "if" -> true;
            default -> false;
        };
    }

    /**
     * What the text adds after breaking out of a string (token {@code from} onwards); {@code simple}
     * tells whether what came before the break was a single value.
     */
    private static boolean afterBreak(SqlTokens t, int from, boolean high, boolean simple) {
        int p = from;
        while (t.has(p) && t.get(p).is(Type.CLOSE_PAREN)) {
            p++;
        }
        if (!t.has(p)) {
            return false;
        }
        SqlToken first = t.get(p);
        int compared = compared(t, p);
        if (compared > p) {
            if (!t.has(compared)) {
                return high || simple && t.get(compared - 1).is(Type.OPEN_STRING);
            }
            return t.get(compared).is(Type.LOGIC) ? condition(t, compared, high, simple) : high;
        }
        if (first.is(Type.LOGIC)) {
            return condition(t, p, high, simple);
        }
        if (first.is(Type.OPERATOR)) {
            int end = value(t, p + 1);
            return end > p + 1 && (high || simple && comparison(t, end, false));
        }
        if (first.is(Type.KEYWORD)) {
            return clause(t, p, high);
        }
        if (first.is(Type.SEMICOLON)) {
            return high && t.has(p + 1);
        }
        return high && first.is(Type.FUNCTION) && t.has(p + 1);
    }

    /** A clause appended to the query at {@code p}: ORDER/GROUP BY, HAVING, WHERE, LIMIT and, at HIGH, the rest. */
    private static boolean clause(SqlTokens t, int p, boolean high) {
        SqlToken first = t.get(p);
        return switch (first.text()) {
            case "order", "group" -> t.has(p + 2) && t.get(p + 1).is(Type.KEYWORD, "by")
                    && (t.get(p + 2).is(Type.NUMBER) || high);
            case "having", "where" -> {
                int end = value(t, p + 1);
                yield end > p + 1 && (comparison(t, end, high) || high);
            }
            case "limit" -> t.has(p + 1) && t.get(p + 1).is(Type.NUMBER) && (high || t.has(p + 2)
                    && t.get(p + 2).is(Type.COMMA));
            case "union", "select", "into", "procedure", "from", "as", "collate", "for" -> high;
            default -> false;
        };
    }

    /**
     * A condition added at {@code p} (AND, OR and the like first): a value, then a comparison with
     * another ({@code OR 1=1}), or a value that only an attack tests (a probing call, a system
     * variable, a subquery). A value alone counts after a single value closed by a quote when it
     * reopens the quote ({@code x' AND 'y}), and otherwise only at HIGH sensitivity.
     */
    private static boolean condition(SqlTokens t, int p, boolean high, boolean simple) {
        int i = p;
        boolean conjunction = false;
        while (t.has(i) && t.get(i).is(Type.LOGIC)) {
            conjunction |= !t.get(i).text().equals("not") && !t.get(i).text().equals("!");
            i++;
        }
        int end = value(t, i);
        if (end == i) {
            return false;
        }
        if (revealing(t, i, end)) {
            return true;
        }
        if (comparison(t, end, high)) {
            return true;
        }
        boolean wordOnly = end == i + 1 && t.get(i).is(Type.WORD);
        if (!t.has(end)) {
            return high && !wordOnly || conjunction && simple && t.get(end - 1).is(Type.OPEN_STRING);
        }
        SqlToken after = t.get(end);
        return high && !wordOnly && (after.is(Type.LOGIC) || after.is(Type.CLOSE_PAREN) || after.is(Type.SEMICOLON)
                || after.is(Type.KEYWORD) || after.is(Type.OPEN_STRING));
    }

    /**
     * The index past a comparison with a value at {@code i} ({@code LIKE 'b'}, {@code NOT REGEXP 'b'},
     * {@code IS NOT NULL}, {@code IN (1)}), or {@code i} when there is none.
     */
    private static int compared(SqlTokens t, int i) {
        int j = i;
        if (t.has(j) && t.get(j).is(Type.LOGIC, "not")) {
            j++;
        }
        if (!t.has(j) || !t.get(j).is(Type.OPERATOR) || !COMPARISONS.contains(t.get(j).text())) {
            return i;
        }
        boolean is = t.get(j).text().equals("is");
        j++;
        if (t.has(j) && (t.get(j).is(Type.OPERATOR, "like") || is && t.get(j).is(Type.LOGIC, "not"))) {
            j++;
        }
        int end = value(t, j);
        return end > j ? end : i;
    }

    /** Whether a comparison with a value follows at {@code i}; at HIGH a comparison alone does. */
    private static boolean comparison(SqlTokens t, int i, boolean high) {
        if (!t.has(i)) {
            return false;
        }
        SqlToken op = t.get(i);
        int j = i + 1;
        if (op.is(Type.LOGIC, "not") && t.has(j) && t.get(j).is(Type.OPERATOR)) {
            op = t.get(j);
            j++;
        }
        if (!op.is(Type.OPERATOR) || !COMPARISONS.contains(op.text())) {
            return false;
        }
        return value(t, j) > j || high;
    }

    /** Whether the value from {@code from} to {@code to} holds what only an attack tests: a probing call, a system variable, a subquery. */
    private static boolean revealing(SqlTokens t, int from, int to) {
        for (int i = from; i < to; i++) {
            SqlToken token = t.get(i);
            if (token.is(Type.FUNCTION) && (DANGEROUS.contains(token.text()) || PROBING.contains(token.text()))
                    || token.is(Type.VARIABLE) && token.text().startsWith("@@") || token.is(Type.KEYWORD, "select")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The index just past an SQL value starting at {@code i} ({@code i} itself when there is none):
     * signs, an operand, a call or a parenthesised expression, and more of them joined by arithmetic.
     */
    private static int value(SqlTokens t, int i) {
        int j = i;
        while (true) {
            while (t.has(j) && (t.get(j).is(Type.OPERATOR, "-") || t.get(j).is(Type.OPERATOR, "+")
                    || t.get(j).is(Type.OPERATOR, "~") || t.get(j).is(Type.LOGIC, "!") || t.get(j).is(Type.WORD, "binary"))) {
                j++;
            }
            if (!t.has(j)) {
                return i;
            }
            SqlToken token = t.get(j);
            if (token.is(Type.FUNCTION) || token.is(Type.OPEN_PAREN)) {
                int close = closing(t, token.is(Type.FUNCTION) ? j + 1 : j);
                if (close < 0) {
                    return token.is(Type.OPEN_PAREN) ? i : t.size();
                }
                j = close + 1;
            } else if (operand(token)) {
                j++;
                while (t.has(j + 1) && t.get(j).is(Type.DOT) && (t.get(j + 1).is(Type.WORD) || t.get(j + 1).is(Type.FUNCTION))) {
                    j += 2;
                }
            } else {
                return i;
            }
            if (t.has(j) && t.get(j).is(Type.OPERATOR) && !COMPARISONS.contains(t.get(j).text())) {
                j++;
                continue;
            }
            return j;
        }
    }

    /** The index of the parenthesis closing the one at {@code open}, or -1; {@code open - 1} when there is none at {@code open}. */
    private static int closing(SqlTokens t, int open) {
        if (!t.has(open) || !t.get(open).is(Type.OPEN_PAREN)) {
            return open - 1;
        }
        return t.closer(open);
    }

    /**
     * Injections into a bare value: a value, then what the attacker added: a condition, a clause,
     * a stacked statement, or (at HIGH) just a comment cutting the query off.
     */
    private static boolean valueLed(SqlTokens t, boolean high, boolean trailingComment) {
        if (!t.has(0)) {
            return false;
        }
        if (t.get(0).is(Type.LOGIC) && !t.get(0).is(Type.LOGIC, "not")) {
            return condition(t, 0, high, false);
        }
        int p = 0;
        int end = value(t, 0);
        while (end == p && t.has(p) && t.get(p).is(Type.OPEN_PAREN)) {
            p++;
            end = value(t, p);
        }
        if (end == p) {
            return high && (trailingComment && t.get(0).is(Type.KEYWORD)
                    || t.get(0).is(Type.KEYWORD, "case") || t.get(0).is(Type.FUNCTION, "exec"));
        }
        while (t.has(end) && t.get(end).is(Type.CLOSE_PAREN)) {
            end++;
        }
        if (!t.has(end)) {
            return high && (trailingComment || end - p > 1 && revealing(t, p, end));
        }
        SqlToken next = t.get(end);
        if (next.is(Type.LOGIC)) {
            return condition(t, end, high, false);
        }
        if (next.is(Type.KEYWORD)) {
            return clause(t, end, high);
        }
        int compared = compared(t, end);
        if (compared > end) {
            return high && (!t.has(compared) || t.get(compared).is(Type.LOGIC) || trailingComment);
        }
        if (next.is(Type.COMMA)) {
            return high && t.has(end + 1) && t.get(end + 1).is(Type.FUNCTION) && revealing(t, end + 1, end + 2);
        }
        return high && next.is(Type.SEMICOLON) && t.has(end + 1);
    }

    private static boolean operand(SqlToken token) {
        return token.is(Type.NUMBER) || token.is(Type.STRING) || token.is(Type.OPEN_STRING) || token.is(Type.WORD)
                || token.is(Type.VARIABLE) || token.is(Type.KEYWORD, "null") || token.is(Type.KEYWORD, "true")
                || token.is(Type.KEYWORD, "false");
    }
}
