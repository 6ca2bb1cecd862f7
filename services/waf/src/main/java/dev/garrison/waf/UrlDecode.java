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
        char[] in = text.toCharArray();
        char[] out = new char[in.length];
        int n = 0;
        int i = 0;
        while (i < in.length) {
            char c = in[i];
            if (c == '+') {
                out[n++] = ' ';
                i++;
            } else if (c == '%' && unicode && i + 5 < in.length && (in[i + 1] == 'u' || in[i + 1] == 'U')
                    && hex4(text, i + 2) >= 0) {
                out[n++] = BackslashDecode.narrow(hex4(text, i + 2));
                i += 6;
            } else if (c == '%' && i + 2 < in.length && Transforms.hex(in[i + 1]) >= 0 && Transforms.hex(in[i + 2]) >= 0) {
                out[n++] = (char) (Transforms.hex(in[i + 1]) * 16 + Transforms.hex(in[i + 2]));
                i += 3;
            } else {
                out[n++] = c;
                i++;
            }
        }
        return new String(out, 0, n);
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
