package dev.garrison.waf;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** An IPv4 or IPv6 address range in CIDR notation, as IP sets hold them. */
record Cidr(byte[] network, int prefix) {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+/(\\d{1,3})");

    /**
     * Parses {@code text} as a range of the IP set's version ({@code IPV4} or {@code IPV6}); null
     * when it is not one. Host bits beyond the prefix are ignored, as AWS WAF ignores them.
     */
    static @Nullable Cidr parse(String text, String version) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return null;
        }
        boolean v4 = version.equals("IPV4");
        if (v4 ? !IPV4.matcher(text).matches() : !IPV6.matcher(text).matches() || text.indexOf(':') < 0) {
            return null;
        }
        int prefix = Integer.parseInt(text.substring(slash + 1));
        if (prefix < 1 || prefix > (v4 ? 32 : 128)) {
            return null;
        }
        String address = text.substring(0, slash);
        if (v4) {
            for (String part : address.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (bytes.length != (v4 ? 4 : 16)) {
                return null;
            }
            return new Cidr(masked(bytes, prefix), prefix);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The bytes of an IPv4 or IPv6 address literal, or null when {@code text} is not one (never a name lookup). */
    static byte @Nullable [] literal(String text) {
        byte[] quad = dottedQuad(text);
        if (quad != null) {
            return quad;
        }
        boolean v4 = text.indexOf(':') < 0;
        Cidr single = parse(text + (v4 ? "/32" : "/128"), v4 ? "IPV4" : "IPV6");
        return single == null ? null : single.network();
    }

    /** The four bytes of a plain dotted-quad IPv4 address, read without a regular expression (this runs per request). */
    private static byte @Nullable [] dottedQuad(String text) {
        byte[] out = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9' && digits < 3) {
                value = value * 10 + c - '0';
                digits++;
            } else if (c == '.' && digits > 0 && part < 3 && value <= 255) {
                out[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else {
                return null;
            }
        }
        if (part != 3 || digits == 0 || value > 255) {
            return null;
        }
        out[3] = (byte) value;
        return out;
    }

    /** An address's usual text form. */
    static String text(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes", e);
        }
    }

    /** Whether {@code address} (4 or 16 bytes) is in this range. */
    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int whole = prefix / 8;
        for (int i = 0; i < whole; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (address[whole] & mask) == (network[whole] & 0xff);
    }

    private static byte[] masked(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }
}
