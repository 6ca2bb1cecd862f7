package dev.garrison.waf;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How a rate-based rule aggregates requests: the part of a request that names its counter
 * (the client IP, a forwarded IP, one constant key, or custom key components).
 */
interface RateKey {
    /** The longest custom key kept as it is. */
    int LONGEST_KEPT = 64;

    /** The request's aggregation key, or null when the request lacks a component (it is then not counted). */
    @Nullable String of(Evaluation evaluation);

    /** One custom key component: a value of the request (transformed), or null when it has none. */
    interface Component {
        @Nullable String of(Evaluation evaluation);
    }

    /** The client's address. */
    static RateKey ip() {
        return evaluation -> evaluation.request.clientIpText();
    }

    /** The first address of the forwarding header; null when it has none. */
    static Component forwardedIp(ForwardedIp forwarded) {
        return evaluation -> {
            List<byte[]> addresses = forwarded.addresses(evaluation.request);
            return addresses == null ? null : Cidr.text(addresses.getFirst());
        };
    }

    /** The autonomous system of the client's address (0 when unknown). */
    static Component asn(GeoIp geo) {
        return evaluation -> Long.toString(geo.asn(evaluation.request.clientIp()));
    }

    /**
     * The client's TLS fingerprint; without one, the field's fallback decides: MATCH counts such
     * requests together, NO_MATCH leaves them uncounted.
     */
    static Component tlsFingerprint(TlsFingerprintField field) {
        return evaluation -> {
            Boolean fallback = field.oversize(evaluation.request);
            if (fallback != null) {
                return fallback ? "" : null;
            }
            return field.values(evaluation.request).getFirst();
        };
    }

    /** All requests together. */
    static RateKey constant() {
        return evaluation -> "";
    }

    /**
     * The components' values joined; null when any is missing. A key longer than {@link
     * #LONGEST_KEPT} is kept as its SHA-256 instead: the values come from the request (a header can
     * be kilobytes), and a rule tracks up to {@link RateCounter#MAX_KEYS} keys for its whole window,
     * so a client sending 10,000 large made-up values would otherwise have it hold their 100 MB and
     * more. Custom keys are never shown (managed keys are kept only for IP and FORWARDED_IP).
     */
    static RateKey custom(List<Component> components) {
        return evaluation -> {
            StringBuilder key = new StringBuilder();
            for (Component component : components) {
                String value = component.of(evaluation);
                if (value == null) {
                    return null;
                }
                key.append(value.length()).append(':').append(value);
            }
            return key.length() > LONGEST_KEPT ? digest(key) : key.toString();
        };
    }

    /**
     * A long key as {@code #} and the SHA-256 of its chars, two bytes each (no charset's stand-in
     * for a lone surrogate makes two keys one), in hex: no key kept as it is starts with {@code #}
     * (each starts with a length).
     */
    private static String digest(CharSequence key) {
        byte[] bytes = new byte[key.length() * 2];
        for (int i = 0; i < key.length(); i++) {
            bytes[2 * i] = (byte) (key.charAt(i) >> 8);
            bytes[2 * i + 1] = (byte) key.charAt(i);
        }
        try {
            return "#" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A component read from a field (header, cookie, query argument, query string, URI path, method), transformed. */
    static Component field(Field field, Transform transform) {
        return evaluation -> {
            List<String> values = field.values(evaluation.request);
            return values.isEmpty() ? null : transform.apply(values.getFirst());
        };
    }

    /** The labels of a namespace the request carries, as the key component (none: not counted). */
    static Component labelNamespace(String namespace) {
        String prefix = namespace.endsWith(":") ? namespace : namespace + ":";
        return evaluation -> {
            String labels = String.join(",", evaluation.labels.stream().filter(l -> l.startsWith(prefix)).toList());
            return labels.isEmpty() ? null : labels;
        };
    }

    /** The cookie named {@code name}, exactly. */
    static Field cookie(String name) {
        return request -> request.cookies().stream().filter(c -> c.getKey().equals(name)).map(Map.Entry::getValue).toList();
    }
}
