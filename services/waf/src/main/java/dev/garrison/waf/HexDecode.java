package dev.garrison.waf;

/** HEX_DECODE: pairs of hex digits become the bytes they spell; text that is not all hex pairs stays. */
final class HexDecode implements Transform {
    @Override
    public String apply(String text) {
        if (text.length() % 2 != 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() / 2);
        for (int i = 0; i < text.length(); i += 2) {
            int high = Transforms.hex(text.charAt(i));
            int low = Transforms.hex(text.charAt(i + 1));
            if (high < 0 || low < 0) {
                return text;
            }
            out.append((char) (high * 16 + low));
        }
        return out.toString();
    }
}
