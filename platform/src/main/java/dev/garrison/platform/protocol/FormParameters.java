package dev.garrison.platform.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.garrison.platform.core.CommonErrors;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.TreeMap;

/** Decodes {@code application/x-www-form-urlencoded} text (one char per wire byte) strictly: bad escapes and invalid UTF-8 are refused. */
final class FormParameters {
    private FormParameters() {}

    /** Adds the pairs of {@code form} to {@code into}; a name given twice is refused. */
    static void decode(String form, TreeMap<String, String> into) {
        if (form.isEmpty()) {
            return;
        }
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decodePart(eq < 0 ? pair : pair.substring(0, eq));
            String value = decodePart(eq < 0 ? "" : pair.substring(eq + 1));
            if (into.put(name, value) != null) {
                throw CommonErrors.serialization("Parameter '" + Printable.of(name) + "' is given more than once.");
            }
        }
    }

    static String decodePart(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
                        || Character.digit(text.charAt(i + 2), 16) < 0) {
                    throw CommonErrors.serialization("Malformed percent-encoding in the request parameters.");
                }
                bytes.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
                i += 2;
            } else if (c <= 0xff) {
                // request text arrives as ISO-8859-1: one char per byte on the wire
                bytes.write(c);
            } else {
                byte[] raw = String.valueOf(c).getBytes(UTF_8);
                bytes.write(raw, 0, raw.length);
            }
        }
        try {
            return UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw CommonErrors.serialization("The request parameters are not valid UTF-8.");
        }
    }
}
