package dev.garrison.waf;

/** SQL_HEX_DECODE: SQL hex literals ({@code 0x414243}) become the bytes they spell ({@code ABC}). */
final class SqlHexDecode implements Transform {
    @Override
    public String apply(String text) {
        if (text.indexOf("0x") < 0 && text.indexOf("0X") < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '0' && i + 3 < text.length() && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')
                    && Transforms.hex(text.charAt(i + 2)) >= 0 && Transforms.hex(text.charAt(i + 3)) >= 0) {
                i += 2;
                while (i + 1 < text.length() && Transforms.hex(text.charAt(i)) >= 0 && Transforms.hex(text.charAt(i + 1)) >= 0) {
                    out.append((char) (Transforms.hex(text.charAt(i)) * 16 + Transforms.hex(text.charAt(i + 1))));
                    i += 2;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
