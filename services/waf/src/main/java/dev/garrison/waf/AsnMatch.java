package dev.garrison.waf;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * AsnMatchStatement: the autonomous system of the client's address (or of a forwarded address)
 * is one of a set; 0 stands for an address whose network the database does not know. The
 * request is labelled with the number found.
 */
final class AsnMatch implements Matcher {
    private final Set<Long> numbers;
    private final @Nullable ForwardedIp forwarded;
    private final GeoIp geo;
    private final String namespace;

    AsnMatch(Set<Long> numbers, @Nullable ForwardedIp forwarded, GeoIp geo) {
        this.numbers = numbers;
        this.forwarded = forwarded;
        this.geo = geo;
        this.namespace = "awswaf:" + ForwardedIp.source(forwarded) + ":asn:";
    }

    @Override
    public boolean matches(Evaluation evaluation) {
        byte[] address = ForwardedIp.single(forwarded, evaluation.request);
        if (address == null) {
            return forwarded.fallbackMatches();
        }
        long asn = geo.asn(address);
        evaluation.labels.add(namespace + asn);
        return numbers.contains(asn);
    }
}
