package dev.garrison.platform.auth;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;

/** SigV4's URI encoding: every byte but the unreserved characters as {@code %XX}, upper-case hex. */
public final class UriEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UriEncoding() {}

    /** Encodes {@code value}; a slash stays literal unless {@code encodeSlash}. */
    public static String encode(String value, boolean encodeSlash) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (byte b : value.getBytes(UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !encodeSlash)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /** Percent-decodes {@code value}; malformed escapes are kept as they are. */
    public static String decode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
        byte[] bytes = value.getBytes(UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
                out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit((char) b, 16);
    }
}
