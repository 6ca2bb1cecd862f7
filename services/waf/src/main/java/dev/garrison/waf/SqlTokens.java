package dev.garrison.waf;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The SQL tokens of one text, read from it only as far as they are asked for: the detector's
 * look at how a value starts needs its first few tokens, however long the value is.
 * {@link #has} answers as a complete list's bounds would, reading on when it must.
 */
final class SqlTokens {
    private final List<SqlToken> read;
    private final @Nullable SqlTokenizer source;
    /** For each token, the index of the one closing it when it is an open parenthesis that is closed, else -1. */
    private int @Nullable [] closers;

    /** {@code read}: the tokens read so far, to which {@code source} (null when there is no more) appends. */
    SqlTokens(List<SqlToken> read, @Nullable SqlTokenizer source) {
        this.read = read;
        this.source = source;
    }

    /** Whether the text has a token {@code i}. */
    boolean has(int i) {
        while (i >= read.size() && source != null && source.advance()) {
            // reading on
        }
        return i < read.size();
    }

    SqlToken get(int i) {
        has(i);
        return read.get(i);
    }

    /** How many tokens the text has: reads all of it. */
    int size() {
        has(Integer.MAX_VALUE);
        return read.size();
    }

    /**
     * The index of the token closing the open parenthesis at {@code open}, or -1 when none does.
     * The first call reads all the tokens and pairs every parenthesis in one pass: looked for
     * from each parenthesis in turn, 8 KB of {@code (} took a third of a second.
     */
    int closer(int open) {
        int[] paired = closers;
        if (paired == null) {
            List<SqlToken> all = all();
            paired = new int[all.size()];
            int[] opened = new int[all.size()];
            int depth = 0;
            for (int i = 0; i < all.size(); i++) {
                paired[i] = -1;
                if (all.get(i).is(SqlToken.Type.OPEN_PAREN)) {
                    opened[depth++] = i;
                } else if (all.get(i).is(SqlToken.Type.CLOSE_PAREN) && depth > 0) {
                    paired[opened[--depth]] = i;
                }
            }
            closers = paired;
        }
        return paired[open];
    }

    /** All the tokens. */
    List<SqlToken> all() {
        has(Integer.MAX_VALUE);
        return read;
    }
}
