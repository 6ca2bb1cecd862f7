package dev.garrison.waf;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@code ForwardedIPConfig}: the client address taken from a header such as X-Forwarded-For,
 * at a position (FIRST, LAST, or ANY for IP sets), with the fallback used when the header is
 * missing or not an address.
 */
record ForwardedIp(String header, String position, boolean fallbackMatches) {
    /** The addresses to test, or null when the fallback decides. */
    @Nullable List<byte[]> addresses(WebRequest request) {
        List<String> values = request.header(header);
        if (values.isEmpty()) {
            return null;
        }
        List<String> entries = new ArrayList<>();
        for (String value : values) {
            for (String part : value.split(",")) {
                entries.add(part.strip());
            }
        }
        List<String> chosen = switch (position) {
            case "FIRST" -> List.of(entries.getFirst());
            case "LAST" -> List.of(entries.getLast());
            default -> entries;
        };
        List<byte[]> addresses = new ArrayList<>(chosen.size());
        for (String entry : chosen) {
            byte[] address = Cidr.literal(entry);
            if (address == null) {
                return null;
            }
            addresses.add(address);
        }
        return addresses;
    }

    /**
     * The one address a geo or ASN statement inspects: the client's when {@code forwarded} is null,
     * else the header's entry at its position; null when the fallback decides.
     */
    static byte @Nullable [] single(@Nullable ForwardedIp forwarded, WebRequest request) {
        if (forwarded == null) {
            return request.clientIp();
        }
        List<byte[]> addresses = forwarded.addresses(request);
        return addresses == null ? null : addresses.getFirst();
    }

    /** The label namespace word for where the address came from, as AWS WAF names it. */
    static String source(@Nullable ForwardedIp forwarded) {
        return forwarded == null ? "clientip" : "forwardedip";
    }
}
