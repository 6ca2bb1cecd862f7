package dev.garrison.waf;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * HTML_ENTITY_DECODE: {@code &quot; &amp; &lt; &gt; &nbsp;} and numeric references
 * ({@code &#NN;}, {@code &#xHH;}, the semicolon optional); code points above 255 become their
 * UTF-8 bytes.
 */
final class HtmlEntityDecode implements Transform {
    /** The named references decoded, with what each stands for. */
    private static final String[][] NAMED = {{"quot;", "\""}, {"amp;", "&"}, {"lt;", "<"}, {"gt;", ">"}, {"nbsp;", "\u00a0"}};

    @Override
    public String apply(String text) {
        int amp = text.indexOf('&');
        if (amp < 0) {
            return text;
        }
        // a reference decodes into the scratch first: the text is copied only once one does, as the
        // '&'s between a form body's fields are none
        StringBuilder scratch = new StringBuilder(8);
        StringBuilder out = null;
        int copied = 0;
        while (amp >= 0) {
            int end = decode(text, amp, scratch);
            if (end < 0) {
                amp = text.indexOf('&', amp + 1);
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, amp).append(scratch);
            scratch.setLength(0);
            copied = end;
            amp = text.indexOf('&', end);
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /**
     * Appends what the reference at {@code at} stands for; returns where it ends, or -1 (appending
     * nothing) when there is none.
     */
    private static int decode(String text, int at, StringBuilder out) {
        int i = at + 1;
        if (i < text.length() && text.charAt(i) == '#') {
            i++;
            boolean hexadecimal = i < text.length() && (text.charAt(i) == 'x' || text.charAt(i) == 'X');
            if (hexadecimal) {
                i++;
            }
            int start = i;
            long value = 0;
            while (i < text.length() && i - start < 8) {
                int digit = Character.digit(text.charAt(i), hexadecimal ? 16 : 10);
                if (digit < 0) {
                    break;
                }
                value = value * (hexadecimal ? 16 : 10) + digit;
                i++;
            }
            if (i == start) {
                return -1;
            }
            append(out, value);
            return i < text.length() && text.charAt(i) == ';' ? i + 1 : i;
        }
        String[] entity = i < text.length() ? named(text.charAt(i)) : null;
        if (entity != null && text.regionMatches(true, i, entity[0], 0, entity[0].length())) {
            out.append(entity[1]);
            return i + entity[0].length();
        }
        return -1;
    }

    /**
     * The named reference that starts with {@code first}, in either case, or null: one comparison
     * for each {@code &} instead of five (a form body has one between every two fields).
     */
    private static String @Nullable [] named(char first) {
        return switch (first | 0x20) {
            case 'q' -> NAMED[0];
            case 'a' -> NAMED[1];
            case 'l' -> NAMED[2];
            case 'g' -> NAMED[3];
            case 'n' -> NAMED[4];
            default -> null;
        };
    }

    private static void append(StringBuilder out, long value) {
        if (value < 256) {
            out.append((char) value);
        } else if (value <= Character.MAX_CODE_POINT) {
            out.append(new String(new String(Character.toChars((int) value)).getBytes(StandardCharsets.UTF_8),
                    StandardCharsets.ISO_8859_1));
        }
    }
}
