package dev.garrison.waf;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;

/**
 * The headers of one request or answer that describe its connection and so never cross the proxy
 * as they are: the fixed hop-by-hop ones, those its {@code Connection} header names, and its
 * {@code Content-Length}, which the proxy sets itself. Asked once per header of every exchange, it
 * compares names in place rather than lowercasing them.
 */
final class HopByHop {
    private static final String[] FIXED = {"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding",
            "upgrade", "proxy-authenticate", "proxy-authorization", "content-length"};
    private static final HopByHop FIXED_ONLY = new HopByHop(List.of());

    /** The names the Connection header lists, lowercased. */
    private final List<String> listed;

    private HopByHop(List<String> listed) {
        this.listed = listed;
    }

    /** The hop-by-hop headers of a message with these headers. */
    static HopByHop of(MultiMap headers) {
        if (!headers.contains(HttpHeaders.CONNECTION)) {
            return FIXED_ONLY;
        }
        List<String> names = new ArrayList<>(1);
        for (String value : headers.getAll(HttpHeaders.CONNECTION)) {
            for (String token : value.split(",")) {
                String name = token.strip();
                if (!name.equalsIgnoreCase("keep-alive")) { // the most common, and hop-by-hop anyway
                    names.add(name.toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        return names.isEmpty() ? FIXED_ONLY : new HopByHop(names);
    }

    /** Whether the header {@code name} stays on this side of the proxy. */
    boolean drops(String name) {
        return fixed(name) || lists(name);
    }

    /** Whether the Connection header names {@code name}. */
    boolean lists(String name) {
        for (String token : listed) {
            if (token.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean fixed(String name) {
        for (String hop : FIXED) {
            if (hop.length() == name.length() && hop.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
