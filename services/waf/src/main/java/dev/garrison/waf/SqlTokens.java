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

    /** All the tokens. */
    List<SqlToken> all() {
        has(Integer.MAX_VALUE);
        return read;
    }
}
