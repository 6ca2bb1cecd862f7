package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * URL_DECODE decodes in two passes, the first a vector at a time, with bulk moves between escapes;
 * this holds it to the plain reading of the transformation, one character at a time, over random
 * text rich in what it decodes.
 */
class UrlDecodeTest {
    private static final String PIECES = "%%%+++2BuUfF0a9g ";

    /** The transformation read one character at a time: '+' a space, %HH (and, for uni, %uHHHH) decoded, the rest as it is. */
    private static String reference(String text, boolean unicode) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '+') {
                out.append(' ');
                at++;
            } else if (c == '%' && unicode && at + 5 < text.length() && (text.charAt(at + 1) | 0x20) == 'u'
                    && hexDigits(text, at + 2, 4)) {
                out.append(BackslashDecode.narrow(Integer.parseInt(text.substring(at + 2, at + 6), 16)));
                at += 6;
            } else if (c == '%' && at + 2 < text.length() && hexDigits(text, at + 1, 2)) {
                out.append((char) Integer.parseInt(text.substring(at + 1, at + 3), 16));
                at += 3;
            } else {
                out.append(c);
                at++;
            }
        }
        return out.toString();
    }

    private static boolean hexDigits(String text, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (Transforms.hex(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    void decodesAsOneCharacterAtATimeWouldOverRandomText() {
        assertThat(VectorApi.PRESENT).as("the tests run with --add-modules jdk.incubator.vector").isTrue();
        Random random = new Random(20261207);
        for (boolean unicode : new boolean[] {false, true}) {
            UrlDecode decode = new UrlDecode(unicode);
            for (int k = 0; k < 100_000; k++) {
                // mostly short texts, some with stretches longer than the decoder's 16-character step
                StringBuilder text = new StringBuilder();
                int pieces = random.nextInt(k % 50 == 0 ? 300 : 40);
                for (int i = 0; i < pieces; i++) {
                    int kind = random.nextInt(20);
                    if (kind == 0) {
                        text.append((char) random.nextInt(0x10000));
                    } else if (kind == 1) {
                        text.append("plain-text-".repeat(1 + random.nextInt(4)));
                    } else {
                        text.append(PIECES.charAt(random.nextInt(PIECES.length())));
                    }
                }
                String input = text.toString();
                assertThat(decode.apply(input)).as("%s, unicode %s", input, unicode).isEqualTo(reference(input, unicode));
            }
        }
    }
}
