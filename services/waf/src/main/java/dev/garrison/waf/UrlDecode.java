package dev.garrison.waf;

/**
 * URL_DECODE: {@code %HH} and {@code +}; malformed escapes stay as they are. URL_DECODE_UNI
 * also decodes Microsoft's {@code %uHHHH}: to its low byte, full-width ASCII (U+FF01-U+FF5E) to
 * the ASCII it stands for.
 */
final class UrlDecode implements Transform {
    private final boolean unicode;

    UrlDecode(boolean unicode) {
        this.unicode = unicode;
    }

    @Override
    public String apply(String text) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '+') {
                out.append(' ');
                i++;
            } else if (c == '%' && unicode && i + 5 < text.length() && (text.charAt(i + 1) == 'u' || text.charAt(i + 1) == 'U')
                    && hex4(text, i + 2) >= 0) {
                int code = hex4(text, i + 2);
                out.append(BackslashDecode.narrow(code));
                i += 6;
            } else if (c == '%' && i + 2 < text.length() && Transforms.hex(text.charAt(i + 1)) >= 0
                    && Transforms.hex(text.charAt(i + 2)) >= 0) {
                out.append((char) (Transforms.hex(text.charAt(i + 1)) * 16 + Transforms.hex(text.charAt(i + 2))));
                i += 3;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int hex4(String text, int at) {
        int value = 0;
        for (int k = 0; k < 4; k++) {
            int digit = Transforms.hex(text.charAt(at + k));
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }
}
