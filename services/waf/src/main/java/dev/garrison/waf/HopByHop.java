package dev.garrison.waf;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The headers of one request or answer that describe its connection and so never cross the proxy
 * as they are: the fixed hop-by-hop ones and those its {@code Connection} header names. Asked once
 * per header of every exchange, it compares names in place rather than lowercasing them.
 */
final class HopByHop {
    private static final String[] FIXED = {"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding",
            "upgrade", "proxy-authenticate", "proxy-authorization"};
    private static final HopByHop FIXED_ONLY = new HopByHop(List.of());

    /** The names the Connection header lists, lowercased. */
    private final List<String> listed;

    private HopByHop(List<String> listed) {
        this.listed = listed;
    }

    /** The hop-by-hop headers of a message with these headers. */
    static HopByHop of(HttpHeaders headers) {
        if (!headers.contains(HttpHeaderNames.CONNECTION)) {
            return FIXED_ONLY;
        }
        Iterator<String> values = headers.valueStringIterator(HttpHeaderNames.CONNECTION);
        String first = values.next();
        if (!values.hasNext() && (first.equalsIgnoreCase("keep-alive") || first.equalsIgnoreCase("close"))) {
            return FIXED_ONLY; // what nearly every message says (a target's answer to each kept-alive request)
        }
        List<String> names = new ArrayList<>(1);
        for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                String name = token.strip();
                if (!name.equalsIgnoreCase("keep-alive")) { // the most common, and hop-by-hop anyway
                    names.add(name.toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        return names.isEmpty() ? FIXED_ONLY : new HopByHop(names);
    }

    /**
     * Removes from a message's headers, in place, those that stay on this side of the proxy; from
     * a request's also the client's {@code X-Forwarded-*}, which the proxy sets itself, and
     * {@code Expect}, which the proxy has answered.
     */
    static void strip(HttpHeaders headers, boolean request) {
        HopByHop hops = of(headers);
        List<CharSequence> dropped = null;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> i = headers.iteratorCharSequence(); i.hasNext();) {
            CharSequence name = i.next().getKey();
            if (hops.drops(name) || request && (AsciiString.regionMatches(name, true, 0, "x-forwarded-", 0, 12)
                    || AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.EXPECT))) {
                if (dropped == null) {
                    dropped = new ArrayList<>(2);
                }
                dropped.add(name);
            }
        }
        if (dropped != null) {
            dropped.forEach(headers::remove);
        }
    }

    /** Whether the header {@code name} stays on this side of the proxy. */
    private boolean drops(CharSequence name) {
        return fixed(name) || lists(name);
    }

    /** Whether the Connection header names {@code name}. */
    boolean lists(CharSequence name) {
        for (String token : listed) {
            if (AsciiString.contentEqualsIgnoreCase(token, name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean fixed(CharSequence name) {
        for (String hop : FIXED) {
            if (hop.length() == name.length() && AsciiString.contentEqualsIgnoreCase(hop, name)) {
                return true;
            }
        }
        return false;
    }
}
