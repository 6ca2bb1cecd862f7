package dev.garrison.waf;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code Headers} and {@code Cookies}: the pairs a pattern selects, by key, value or both.
 * Inspection stops at the first 200 pairs and 8 KB of them, as on AWS; beyond that the rule's
 * oversize handling decides.
 */
final class PairsField implements Field {
    private static final int MAX_COUNT = 200;
    private static final int MAX_BYTES = 8 * 1024;

    /** Where the pairs come from. */
    enum Source {
        HEADERS,
        COOKIES;

        List<Map.Entry<String, String>> pairs(WebRequest request) {
            return this == HEADERS ? request.headers() : request.cookies();
        }
    }

    private final Source source;
    private final PairPattern pattern;
    private final MapScope scope;
    private final Oversize oversize;

    PairsField(Source source, PairPattern pattern, MapScope scope, Oversize oversize) {
        this.source = source;
        this.pattern = pattern;
        this.scope = scope;
        this.oversize = oversize;
    }

    @Override
    public List<String> values(WebRequest request) {
        List<Map.Entry<String, String>> pairs = source.pairs(request);
        return scope.of(pattern.select(pairs.subList(0, Math.min(MAX_COUNT, pairs.size()))));
    }

    @Override
    public @Nullable Boolean oversize(WebRequest request) {
        List<Map.Entry<String, String>> pairs = source.pairs(request);
        int bytes = 0;
        for (Map.Entry<String, String> pair : pairs) {
            bytes += pair.getKey().length() + pair.getValue().length() + 2;
        }
        return pairs.size() > MAX_COUNT || bytes > MAX_BYTES ? oversize.verdict() : null;
    }

    @Override
    public String location() {
        return source == Source.HEADERS ? "HEADER" : "COOKIES";
    }
}
