package dev.garrison.waf;

import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The JA3 and JA4 fingerprints of a TLS client, read from its ClientHello.
 *
 * <p>JA3 is the MD5 (hex) of {@code version,ciphers,extensions,groups,point formats}, each list
 * in the order sent, values in decimal joined with {@code -}. JA4 ({@code a_b_c}) is {@code t},
 * the highest TLS version offered, {@code d} or {@code i} for SNI present or not, the counts of
 * ciphers and extensions and the first and last characters of the first ALPN value; then the
 * first 12 hex digits of the SHA-256 of the sorted cipher list, and of the sorted extensions
 * (without SNI and ALPN) followed by the signature algorithms as sent. GREASE values (RFC 8701)
 * are left out of both.
 */
record TlsFingerprint(String ja3, String ja4) {
    private static final int SNI = 0x0000;
    private static final int GROUPS = 0x000a;
    private static final int POINT_FORMATS = 0x000b;
    private static final int SIGNATURE_ALGORITHMS = 0x000d;
    private static final int ALPN = 0x0010;
    private static final int SUPPORTED_VERSIONS = 0x002b;

    /** The fingerprints of a ClientHello handshake message body (after its 4-byte header), or null when it is malformed. */
    static @Nullable TlsFingerprint of(ByteBuffer hello) {
        try {
            return parse(hello.duplicate());
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return null;
        }
    }

    private static TlsFingerprint parse(ByteBuffer in) {
        int legacyVersion = in.getShort() & 0xffff;
        in.position(in.position() + 32);
        skip(in, in.get() & 0xff);
        List<Integer> ciphers = new ArrayList<>();
        ByteBuffer cipherList = slice(in, in.getShort() & 0xffff);
        while (cipherList.hasRemaining()) {
            ciphers.add(cipherList.getShort() & 0xffff);
        }
        skip(in, in.get() & 0xff);
        List<Integer> extensions = new ArrayList<>();
        List<Integer> groups = new ArrayList<>();
        List<Integer> pointFormats = new ArrayList<>();
        List<Integer> signatureAlgorithms = new ArrayList<>();
        List<Integer> versions = new ArrayList<>();
        byte[] firstAlpn = null;
        if (in.hasRemaining()) {
            ByteBuffer all = slice(in, in.getShort() & 0xffff);
            while (all.hasRemaining()) {
                int type = all.getShort() & 0xffff;
                ByteBuffer data = slice(all, all.getShort() & 0xffff);
                extensions.add(type);
                switch (type) {
                    case GROUPS -> shorts(slice(data, data.getShort() & 0xffff), groups);
                    case POINT_FORMATS -> {
                        ByteBuffer formats = slice(data, data.get() & 0xff);
                        while (formats.hasRemaining()) {
                            pointFormats.add(formats.get() & 0xff);
                        }
                    }
                    case SIGNATURE_ALGORITHMS -> shorts(slice(data, data.getShort() & 0xffff), signatureAlgorithms);
                    case SUPPORTED_VERSIONS -> shorts(slice(data, data.get() & 0xff), versions);
                    case ALPN -> {
                        ByteBuffer protocols = slice(data, data.getShort() & 0xffff);
                        if (protocols.hasRemaining()) {
                            firstAlpn = new byte[protocols.get() & 0xff];
                            protocols.get(firstAlpn);
                        }
                    }
                    default -> { }
                }
            }
        }
        List<Integer> realCiphers = ciphers.stream().filter(v -> !grease(v)).toList();
        List<Integer> realExtensions = extensions.stream().filter(v -> !grease(v)).toList();
        String ja3 = legacyVersion + "," + decimal(realCiphers) + "," + decimal(realExtensions) + ","
                + decimal(groups.stream().filter(v -> !grease(v)).toList()) + "," + decimal(pointFormats);
        int version = versions.stream().filter(v -> !grease(v)).max(Integer::compare).orElse(legacyVersion);
        String a = "t" + version(version) + (extensions.contains(SNI) ? "d" : "i")
                + String.format("%02d%02d", Math.min(99, realCiphers.size()), Math.min(99, realExtensions.size()))
                + alpn(firstAlpn);
        String b = realCiphers.isEmpty() ? "000000000000" : sha256(hex(realCiphers.stream().sorted().toList()));
        List<Integer> hashed = realExtensions.stream().filter(v -> v != SNI && v != ALPN).sorted().toList();
        String c = hashed.isEmpty() ? "000000000000" : sha256(hex(hashed)
                + (signatureAlgorithms.isEmpty() ? "" : "_" + hex(signatureAlgorithms)));
        return new TlsFingerprint(md5(ja3), a + "_" + b + "_" + c);
    }

    /** RFC 8701's reserved values: both bytes equal, each ending in 0xa. */
    static boolean grease(int value) {
        return (value & 0x0f0f) == 0x0a0a && (value >> 8) == (value & 0xff);
    }

    private static String version(int version) {
        return switch (version) {
            case 0x0304 -> "13";
            case 0x0303 -> "12";
            case 0x0302 -> "11";
            case 0x0301 -> "10";
            case 0x0300 -> "s3";
            case 0x0200 -> "s2";
            default -> "00";
        };
    }

    private static String alpn(byte @Nullable [] protocol) {
        if (protocol == null || protocol.length == 0) {
            return "00";
        }
        char first = (char) (protocol[0] & 0xff);
        char last = (char) (protocol[protocol.length - 1] & 0xff);
        if (alphanumeric(first) && alphanumeric(last)) {
            return "" + first + last;
        }
        String hex = HexFormat.of().formatHex(protocol);
        return "" + hex.charAt(0) + hex.charAt(hex.length() - 1);
    }

    private static boolean alphanumeric(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    private static ByteBuffer slice(ByteBuffer in, int length) {
        if (length > in.remaining()) {
            throw new IllegalArgumentException("field longer than the message");
        }
        ByteBuffer part = in.slice(in.position(), length);
        in.position(in.position() + length);
        return part;
    }

    private static void skip(ByteBuffer in, int length) {
        slice(in, length);
    }

    private static void shorts(ByteBuffer in, List<Integer> into) {
        while (in.remaining() >= 2) {
            into.add(in.getShort() & 0xffff);
        }
    }

    private static String decimal(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining("-"));
    }

    private static String hex(List<Integer> values) {
        return values.stream().map(v -> String.format("%04x", v)).collect(Collectors.joining(","));
    }

    private static String sha256(String text) {
        return HexFormat.of().formatHex(digest("SHA-256", text)).substring(0, 12);
    }

    static String md5(String text) {
        return HexFormat.of().formatHex(digest("MD5", text));
    }

    private static byte[] digest(String algorithm, String text) {
        try {
            return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
