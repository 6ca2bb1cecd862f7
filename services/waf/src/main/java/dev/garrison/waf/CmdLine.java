package dev.garrison.waf;

/**
 * CMD_LINE, against obfuscated command lines: deletes {@code \ " ' ^}, deletes spaces before
 * {@code /} and {@code (}, turns {@code ,} and {@code ;} into spaces, compresses spaces, lowercases.
 */
final class CmdLine implements Transform {
    @Override
    public String apply(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\', '"', '\'', '^' -> { }
                case ',', ';', ' ', '\t', '\n', '\r', '\f', 0x0b -> {
                    if (out.isEmpty() || out.charAt(out.length() - 1) != ' ') {
                        out.append(' ');
                    }
                }
                case '/', '(' -> {
                    while (!out.isEmpty() && out.charAt(out.length() - 1) == ' ') {
                        out.setLength(out.length() - 1);
                    }
                    out.append(c);
                }
                default -> out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
            }
        }
        return out.toString();
    }
}
