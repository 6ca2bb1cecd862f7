package dev.garrison.waf;

/**
 * ESCAPE_SEQ_DECODE: ANSI C escapes ({@code \a \b \f \n \r \t \v \\ \? \' \"}, {@code \xHH},
 * octal {@code \OOO}); an escape that is none of these loses its backslash.
 */
final class EscapeSeqDecode extends BackslashDecode {
    @Override
    int escape(String text, int at, StringBuilder out) {
        char e = text.charAt(at);
        int i = at + 1;
        if ((e == 'x' || e == 'X') && i + 1 < text.length() && Transforms.hex(text.charAt(i)) >= 0
                && Transforms.hex(text.charAt(i + 1)) >= 0) {
            out.append((char) (Transforms.hex(text.charAt(i)) * 16 + Transforms.hex(text.charAt(i + 1))));
            return i + 2;
        }
        if (e >= '0' && e <= '7') {
            int value = e - '0';
            int digits = 1;
            while (digits < 3 && i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '7') {
                value = value * 8 + text.charAt(i++) - '0';
                digits++;
            }
            out.append((char) (value & 0xff));
            return i;
        }
        out.append(single(e));
        return i;
    }

    /** The character a one-letter C escape stands for; the letter itself when it is not one. */
    static char single(char e) {
        return switch (e) {
            case 'a' -> (char) 7;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'v' -> (char) 0x0b;
            default -> e;
        };
    }
}
