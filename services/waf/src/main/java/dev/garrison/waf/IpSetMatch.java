package dev.garrison.waf;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * IPSetReferenceStatement: the client's address, or the address a forwarding header names
 * (its FIRST, LAST or ANY entry), in one of the set's ranges.
 */
final class IpSetMatch implements Matcher {
    private final List<Cidr> ranges;
    private final @Nullable ForwardedIp forwarded;

    IpSetMatch(List<Cidr> ranges, @Nullable ForwardedIp forwarded) {
        this.ranges = ranges;
        this.forwarded = forwarded;
    }

    @Override
    public boolean matches(Evaluation evaluation) {
        if (forwarded == null) {
            return contains(evaluation.request.clientIp());
        }
        List<byte[]> addresses = forwarded.addresses(evaluation.request);
        if (addresses == null) {
            return forwarded.fallbackMatches();
        }
        for (byte[] address : addresses) {
            if (contains(address)) {
                return true;
            }
        }
        return false;
    }

    private boolean contains(byte[] address) {
        for (Cidr range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
