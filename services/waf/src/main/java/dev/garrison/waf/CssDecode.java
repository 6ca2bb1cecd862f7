package dev.garrison.waf;

/**
 * CSS_DECODE: CSS escapes. A backslash and 1-6 hex digits (then one optional whitespace) is that
 * character, its low byte, full-width ASCII to the ASCII it stands for; a backslash before a
 * newline disappears with it; a backslash before anything else escapes that character.
 */
final class CssDecode extends BackslashDecode {
    @Override
    int escape(String text, int at, StringBuilder out) {
        int i = at;
        int value = 0;
        while (i < text.length() && i - at < 6 && Transforms.hex(text.charAt(i)) >= 0) {
            value = value * 16 + Transforms.hex(text.charAt(i++));
        }
        if (i > at) {
            out.append(narrow(value));
            return i < text.length() && Character.isWhitespace(text.charAt(i)) ? i + 1 : i;
        }
        if (text.charAt(at) != '\n') {
            out.append(text.charAt(at));
        }
        return at + 1;
    }
}
