package dev.garrison.waf;

/**
 * The shared walk of the backslash-escape decoders (ESCAPE_SEQ_DECODE, CSS_DECODE, JS_DECODE):
 * text is copied until a backslash that has something after it, and the decoder says what that
 * escape becomes.
 */
abstract class BackslashDecode implements Transform {
    @Override
    public final String apply(String text) {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 == text.length()) {
                out.append(c);
                i++;
            } else {
                i = escape(text, i + 1, out);
            }
        }
        return out.toString();
    }

    /** Decodes the escape starting at {@code at} (just after the backslash) into {@code out}; returns where it ends. */
    abstract int escape(String text, int at, StringBuilder out);

    /** A code point's byte as these decoders keep it: its low byte, full-width ASCII as the ASCII it stands for. */
    static char narrow(int code) {
        return code >= 0xff01 && code <= 0xff5e ? (char) ((code & 0xff) + 0x20) : (char) (code & 0xff);
    }
}
