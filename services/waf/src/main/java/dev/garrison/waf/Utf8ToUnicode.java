package dev.garrison.waf;

/**
 * UTF8_TO_UNICODE: each well-formed multi-byte UTF-8 sequence becomes {@code %uHHHH} (the
 * code point in hex), so Unicode-obfuscated input reads as ASCII; other bytes stay.
 */
final class Utf8ToUnicode implements Transform {
    @Override
    public String apply(String text) {
        StringBuilder out = null;
        int i = 0;
        while (i < text.length()) {
            int b = text.charAt(i);
            int length = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 1;
            if (b >= 0xf5) {
                length = 1;
            }
            int code = length == 1 ? -1 : decode(text, i, length);
            if (code < 0) {
                if (out != null) {
                    out.append((char) b);
                }
                i++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            out.append("%u").append(String.format(code > 0xffff ? "%06x" : "%04x", code));
            i += length;
        }
        return out == null ? text : out.toString();
    }

    private static int decode(String text, int at, int length) {
        if (at + length > text.length()) {
            return -1;
        }
        int code = text.charAt(at) & (0xff >> (length + 1));
        for (int k = 1; k < length; k++) {
            int next = text.charAt(at + k);
            if ((next & 0xc0) != 0x80) {
                return -1;
            }
            code = code << 6 | next & 0x3f;
        }
        return code;
    }
}
