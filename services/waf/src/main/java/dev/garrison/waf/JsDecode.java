package dev.garrison.waf;

/**
 * JS_DECODE: JavaScript escapes: a backslash, u and four hex digits (its low byte, full-width
 * ASCII to the ASCII it stands for), {@code \xHH}, octal {@code \OOO}, and the single-character
 * escapes; an unknown escape loses its backslash.
 */
final class JsDecode extends BackslashDecode {
    @Override
    int escape(String text, int at, StringBuilder out) {
        char e = text.charAt(at);
        if ((e == 'u' || e == 'U') && at + 4 < text.length() && hexRun(text, at + 1, 4)) {
            out.append(narrow(Integer.parseInt(text.substring(at + 1, at + 5), 16)));
            return at + 5;
        }
        if ((e == 'x' || e == 'X') && at + 2 < text.length() && hexRun(text, at + 1, 2)) {
            out.append((char) Integer.parseInt(text.substring(at + 1, at + 3), 16));
            return at + 3;
        }
        if (e >= '0' && e <= '7') {
            int value = 0;
            int j = at;
            while (j < text.length() && j - at < 3 && text.charAt(j) >= '0' && text.charAt(j) <= '7') {
                value = value * 8 + text.charAt(j++) - '0';
            }
            out.append((char) (value & 0xff));
            return j;
        }
        out.append(EscapeSeqDecode.single(e));
        return at + 1;
    }

    private static boolean hexRun(String text, int at, int length) {
        for (int k = 0; k < length; k++) {
            if (Transforms.hex(text.charAt(at + k)) < 0) {
                return false;
            }
        }
        return true;
    }
}
