package dev.garrison.waf;

/** LOWERCASE: A-Z become a-z; other bytes stay. */
final class Lowercase implements Transform {
    @Override
    public String apply(String text) {
        char[] chars = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (chars == null) {
                    chars = text.toCharArray();
                }
                chars[i] = (char) (c + 32);
            }
        }
        return chars == null ? text : new String(chars);
    }
}
