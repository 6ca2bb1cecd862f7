package dev.garrison.waf;

/** REPLACE_COMMENTS: each C-style comment {@code /* ... *}{@code /}, terminated or not, becomes one space. */
final class ReplaceComments implements Transform {
    @Override
    public String apply(String text) {
        int open = text.indexOf("/*");
        if (open < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (open >= 0) {
            out.append(text, i, open).append(' ');
            int close = text.indexOf("*/", open + 2);
            if (close < 0) {
                return out.toString();
            }
            i = close + 2;
            open = text.indexOf("/*", i);
        }
        return out.append(text, i, text.length()).toString();
    }
}
