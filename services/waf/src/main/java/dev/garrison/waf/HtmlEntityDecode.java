package dev.garrison.waf;

import java.nio.charset.StandardCharsets;

/**
 * HTML_ENTITY_DECODE: {@code &quot; &amp; &lt; &gt; &nbsp;} and numeric references
 * ({@code &#NN;}, {@code &#xHH;}, the semicolon optional); code points above 255 become their
 * UTF-8 bytes.
 */
final class HtmlEntityDecode implements Transform {
    @Override
    public String apply(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int amp = text.indexOf('&', i);
            if (amp < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, amp);
            i = amp;
            int end = decode(text, i, out);
            if (end < 0) {
                out.append('&');
                i++;
            } else {
                i = end;
            }
        }
        return out.toString();
    }

    /** Decodes the reference at {@code at}; returns where it ends, or -1 when there is none. */
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
        for (String[] entity : new String[][] {{"quot;", "\""}, {"amp;", "&"}, {"lt;", "<"}, {"gt;", ">"}, {"nbsp;", "\u00a0"}}) {
            if (text.regionMatches(true, i, entity[0], 0, entity[0].length())) {
                out.append(entity[1]);
                return i + entity[0].length();
            }
        }
        return -1;
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
