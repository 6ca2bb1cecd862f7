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
        if (text.indexOf('+') < 0 && text.indexOf('%') < 0) {
            return text;
        }
        // decoded in place in the thread's scratch copy (the text never grows), one pass: a '+' is
        // a space and a decoded escape is never read again, so an escaped '+' stays a '+'
        int n = text.length();
        char[] chars = Scratch.chars(text);
        int out = 0;
        int at = 0;
        while (at < n) {
            char c = chars[at];
            if (c == '+') {
                chars[out++] = ' ';
                at++;
            } else if (c != '%') {
                chars[out++] = c;
                at++;
            } else if (unicode && at + 5 < n && (chars[at + 1] == 'u' || chars[at + 1] == 'U') && hex4(chars, at + 2) >= 0) {
                chars[out++] = BackslashDecode.narrow(hex4(chars, at + 2));
                at += 6;
            } else if (at + 2 < n && Transforms.hex(chars[at + 1]) >= 0 && Transforms.hex(chars[at + 2]) >= 0) {
                chars[out++] = (char) (Transforms.hex(chars[at + 1]) * 16 + Transforms.hex(chars[at + 2]));
                at += 3;
            } else {
                chars[out++] = '%'; // malformed: stays as it is
                at++;
            }
        }
        return new String(chars, 0, out);
    }

    private static int hex4(char[] chars, int at) {
        int value = 0;
        for (int k = 0; k < 4; k++) {
            int digit = Transforms.hex(chars[at + k]);
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }
}
