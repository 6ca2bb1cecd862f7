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
        int plus = text.indexOf('+');
        int escape = text.indexOf('%');
        if (plus < 0 && escape < 0) {
            return text;
        }
        // one pass: a '+' is a space and a decoded escape is never read again, so an escaped
        // '+' stays a '+'; no escape's validity turns on a '+' (it is not a hex digit)
        int n = text.length();
        StringBuilder out = new StringBuilder(n);
        int from = 0;
        while (plus >= 0 || escape >= 0) {
            if (escape < 0 || plus >= 0 && plus < escape) {
                out.append(text, from, plus).append(' ');
                from = plus + 1;
                plus = text.indexOf('+', from);
                continue;
            }
            out.append(text, from, escape);
            if (unicode && escape + 5 < n && (text.charAt(escape + 1) == 'u' || text.charAt(escape + 1) == 'U')
                    && hex4(text, escape + 2) >= 0) {
                out.append(BackslashDecode.narrow(hex4(text, escape + 2)));
                from = escape + 6;
            } else if (escape + 2 < n && Transforms.hex(text.charAt(escape + 1)) >= 0
                    && Transforms.hex(text.charAt(escape + 2)) >= 0) {
                out.append((char) (Transforms.hex(text.charAt(escape + 1)) * 16 + Transforms.hex(text.charAt(escape + 2))));
                from = escape + 3;
            } else {
                out.append('%');
                from = escape + 1;
            }
            escape = text.indexOf('%', from); // the escape's characters are hex digits or a 'u': the next '+' is still ahead
        }
        return out.append(text, from, n).toString();
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
