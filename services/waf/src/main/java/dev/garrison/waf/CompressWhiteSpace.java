package dev.garrison.waf;

/** COMPRESS_WHITE_SPACE: runs of space, tab, LF, CR, FF, VT and NBSP become one space. */
final class CompressWhiteSpace implements Transform {
    @Override
    public String apply(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean inSpace = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b || c == 0xa0) {
                if (!inSpace) {
                    out.append(' ');
                }
                inSpace = true;
            } else {
                out.append(c);
                inSpace = false;
            }
        }
        return out.toString();
    }
}
