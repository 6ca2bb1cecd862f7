package dev.garrison.waf;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * BASE64_DECODE: decodes standard Base64 up to the first character that is not part of it.
 * BASE64_DECODE_EXT skips characters that are not Base64 (whitespace, punctuation used to
 * obfuscate) and decodes the rest.
 */
final class Base64Decode implements Transform {
    private final boolean skipInvalid;

    Base64Decode(boolean skipInvalid) {
        this.skipInvalid = skipInvalid;
    }

    @Override
    public String apply(String text) {
        StringBuilder alphabet = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
                alphabet.append(c);
            } else if (!skipInvalid) {
                break;
            }
        }
        int whole = alphabet.length() - alphabet.length() % 4;
        String remainder = alphabet.substring(whole);
        String padded = alphabet.substring(0, whole) + (remainder.length() >= 2 ? remainder + "==".substring(remainder.length() - 2) : "");
        return new String(Base64.getDecoder().decode(padded), StandardCharsets.ISO_8859_1);
    }
}
