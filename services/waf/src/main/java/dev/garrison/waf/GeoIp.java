package dev.garrison.waf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The country, region and autonomous system of an address, read from MaxMind-format databases
 * (a GeoLite2/GeoIP2 Country or City database, and an ASN database) that the operator names in
 * {@code garrison.yaml}. Either may be absent; statements that need one are then refused.
 */
public final class GeoIp implements AutoCloseable {
    /** The country AWS WAF logs for an address whose country is not known. */
    static final String UNKNOWN = "-";

    /** No databases: GeoMatch and AsnMatch cannot be used. */
    public static final GeoIp NONE = new GeoIp(null, null);

    /** The country of an address and, when the database knows it, its first-level subdivision. */
    record Place(String country, @Nullable String region) {}

    private final @Nullable GeoDatabase countries;
    private final @Nullable GeoDatabase asns;

    private GeoIp(@Nullable GeoDatabase countries, @Nullable GeoDatabase asns) {
        this.countries = countries;
        this.asns = asns;
    }

    /**
     * Opens the databases named; either may be null. A file that is not a MaxMind database of the
     * right kind is refused with a message that names its configuration key and the file.
     */
    public static GeoIp open(@Nullable Path countryDatabase, @Nullable Path asnDatabase) throws IOException {
        GeoDatabase countries = countryDatabase == null ? null
                : GeoDatabase.open(countryDatabase, "waf-geo-database", "a country or city", "Country", "City");
        try {
            return new GeoIp(countries, asnDatabase == null ? null
                    : GeoDatabase.open(asnDatabase, "waf-asn-database", "an ASN", "ASN", "ASN"));
        } catch (IOException | RuntimeException e) {
            if (countries != null) {
                countries.close();
            }
            throw e;
        }
    }

    boolean hasCountries() {
        return countries != null;
    }

    boolean hasAsns() {
        return asns != null;
    }

    /** Where the address is, or null when no database knows it. */
    @Nullable Place place(byte[] address) {
        Map<?, ?> record = lookup(countries, address);
        if (record == null || !(record.get("country") instanceof Map<?, ?> country)
                || !(country.get("iso_code") instanceof String code)) {
            return null;
        }
        String region = record.get("subdivisions") instanceof List<?> subdivisions && !subdivisions.isEmpty()
                && subdivisions.getFirst() instanceof Map<?, ?> first && first.get("iso_code") instanceof String r ? r : null;
        return new Place(code, region);
    }

    /** The country code of the address, {@link #UNKNOWN} when not known, as AWS WAF logs it. */
    String country(byte[] address) {
        Place place = place(address);
        return place == null ? UNKNOWN : place.country();
    }

    /** The autonomous system number of the address, 0 when no database knows it. */
    long asn(byte[] address) {
        Map<?, ?> record = lookup(asns, address);
        return record != null && record.get("autonomous_system_number") instanceof Number n ? n.longValue() : 0;
    }

    private static @Nullable Map<?, ?> lookup(@Nullable GeoDatabase database, byte[] address) {
        return database == null ? null : database.lookup(address);
    }

    @Override
    public void close() throws IOException {
        if (countries != null) {
            countries.close();
        }
        if (asns != null) {
            asns.close();
        }
    }
}
