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
        // '+' first, in one pass over the whole text: a space decodes from no escape, and no
        // escape's validity turns on a '+' (neither is a hex digit)
        String spaced = text.indexOf('+') < 0 ? text : text.replace('+', ' ');
        int escape = spaced.indexOf('%');
        if (escape < 0) {
            return spaced;
        }
        StringBuilder out = new StringBuilder(spaced.length());
        int from = 0;
        while (escape >= 0) {
            out.append(spaced, from, escape);
            int n = spaced.length();
            if (unicode && escape + 5 < n && (spaced.charAt(escape + 1) == 'u' || spaced.charAt(escape + 1) == 'U')
                    && hex4(spaced, escape + 2) >= 0) {
                out.append(BackslashDecode.narrow(hex4(spaced, escape + 2)));
                from = escape + 6;
            } else if (escape + 2 < n && Transforms.hex(spaced.charAt(escape + 1)) >= 0
                    && Transforms.hex(spaced.charAt(escape + 2)) >= 0) {
                out.append((char) (Transforms.hex(spaced.charAt(escape + 1)) * 16 + Transforms.hex(spaced.charAt(escape + 2))));
                from = escape + 3;
            } else {
                out.append('%');
                from = escape + 1;
            }
            escape = spaced.indexOf('%', from);
        }
        return out.append(spaced, from, spaced.length()).toString();
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
