package dev.garrison.waf;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code HeaderOrder}: the request's header names in the order received, joined by colons without
 * spaces ({@code host:user-agent:accept}), as AWS WAF builds it; past 200 headers or 8 KB of names
 * the rule's oversize handling decides.
 */
final class HeaderOrderField implements Field {
    private static final int MAX_COUNT = 200;
    private static final int MAX_BYTES = 8 * 1024;

    private final Oversize oversize;

    HeaderOrderField(Oversize oversize) {
        this.oversize = oversize;
    }

    @Override
    public List<String> values(WebRequest request) {
        StringBuilder order = new StringBuilder();
        List<Map.Entry<String, String>> headers = request.headers();
        for (int i = 0; i < Math.min(MAX_COUNT, headers.size()); i++) {
            if (i > 0) {
                order.append(':');
            }
            order.append(headers.get(i).getKey());
        }
        return List.of(order.toString());
    }

    @Override
    public @Nullable Boolean oversize(WebRequest request) {
        int bytes = request.headers().stream().mapToInt(h -> h.getKey().length() + 1).sum();
        return request.headers().size() > MAX_COUNT || bytes > MAX_BYTES ? oversize.verdict() : null;
    }
}
