package dev.garrison.waf;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * GeoMatchStatement: the country of the client's address (or of a forwarded address) is one of
 * a set. Whether or not it matches, it labels the request with the country and region found,
 * as AWS WAF does, so later rules can match on them.
 */
final class GeoMatch implements Matcher {
    private final Set<String> countries;
    private final @Nullable ForwardedIp forwarded;
    private final GeoIp geo;
    private final String namespace;

    GeoMatch(Set<String> countries, @Nullable ForwardedIp forwarded, GeoIp geo) {
        this.countries = countries;
        this.forwarded = forwarded;
        this.geo = geo;
        this.namespace = "awswaf:" + ForwardedIp.source(forwarded) + ":geo:";
    }

    @Override
    public boolean matches(Evaluation evaluation) {
        byte[] address = ForwardedIp.single(forwarded, evaluation.request);
        if (address == null) {
            return forwarded.fallbackMatches();
        }
        GeoIp.Place place = geo.place(address);
        if (place == null) {
            return false;
        }
        evaluation.labels.add(namespace + "country:" + place.country());
        if (place.region() != null) {
            evaluation.labels.add(namespace + "region:" + place.country() + "-" + place.region());
        }
        return countries.contains(place.country());
    }
}
