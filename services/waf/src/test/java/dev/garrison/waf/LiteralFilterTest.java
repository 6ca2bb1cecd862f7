package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The filter against the plain reading of what it is asked for (a word in either case, a single,
 * a char beyond ASCII when asked, a char above 0xff): on random texts of every length from empty
 * to several chunks, with the literals at every place, chunk edges and the padded tail included.
 * Texts too short to be worth filtering answer yes.
 */
class LiteralFilterTest {
    private static final List<String> WORDS = List.of("int", "exe", "uni", "sel", "wai", "--", "/*");
    private static final String SINGLES = "(;#";
    /** Chars of the literals in both cases, their neighbours, the pad, and chars beyond ASCII: one char in 12. */
    private static final String ALPHABET = "intexeunselwaINTEXEUNSELWAo-/*(;#<\"'`\0 ?+=&%9_\u007f\u00e9\u00ff";
    /** Chars in no literal: the rest, so that a good share of the texts hold none. */
    private static final String PLAIN = "bcdfghjkmpqrvyzBCDFGHJKMPQRVYZ0123456789 .,:!?+=&%_";
    /** Chars above 0xff, one char in 100 of a quarter of the texts: any of them answers yes. */
    private static final String WIDE = "\u0100\u0161\u4e00";

    @Test
    void answersExactlyWhetherTheTextHoldsALiteralOrACharAbove0xff() {
        assertThat(VectorApi.PRESENT).as("the tests run with --add-modules jdk.incubator.vector").isTrue();
        LiteralFilter sqlSigns = LiteralFilter.of(WORDS, SINGLES, false);
        LiteralFilter openings = LiteralFilter.of(List.of("on", "url"), "<\"'`\0", true);
        Random random = new Random(7);
        int[] answers = new int[4]; // long texts: SQL no, SQL yes, script no, script yes
        for (int i = 0; i < 200_000; i++) {
            String text = text(random, random.nextInt(120), random.nextInt(3) == 0 ? random.nextInt(3) : 0, i % 4 == 0);
            boolean sql = holds(text, WORDS, SINGLES, false);
            boolean script = holds(text, List.of("on", "url"), "<\"'`\0", true);
            if (text.length() < VectorLiteralFilter.SHORT) {
                assertThat(sqlSigns.mayHold(text) && openings.mayHold(text)).as("short: %s", printable(text)).isTrue();
            } else {
                assertThat(sqlSigns.mayHold(text)).as("%s", printable(text)).isEqualTo(sql);
                assertThat(openings.mayHold(text)).as("%s", printable(text)).isEqualTo(script);
                answers[sql ? 1 : 0]++;
                answers[script ? 3 : 2]++;
            }
        }
        // texts that hold no literal as well as texts that do, for both filters
        assertThat(Arrays.stream(answers).min().orElseThrow()).as("%s", Arrays.toString(answers)).isGreaterThan(5_000);
    }

    @Test
    void findsAWordAtEveryPlaceOfALongTextInEitherCase() {
        LiteralFilter sqlSigns = LiteralFilter.of(WORDS, SINGLES, false);
        String benign = "please leave the parcel with the neighbour at number fourteen if nobody answers ".repeat(8);
        assertThat(sqlSigns.mayHold(benign)).isFalse();
        assertThat(sqlSigns.mayHold(benign + "?q=1&page=2")).isFalse();
        for (String sign : List.of("UnIoN", "select", "WAITFOR", "into", "Exec", "--", "/*", "(", ";", "#", "\u0161")) {
            for (int at = 0; at <= benign.length(); at += 7) {
                String text = benign.substring(0, at) + sign + benign.substring(at);
                assertThat(sqlSigns.mayHold(text)).as("%s at %d", sign, at).isTrue();
            }
        }
    }

    @Test
    void refusesWhatItCannotTellApart() {
        for (List<String> words : List.of(List.of("a"), List.of("abcd"), List.of("Ab"), List.of("a b"))) {
            assertThatThrownBy(() -> LiteralFilter.of(words, "", false))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> LiteralFilter.of(List.of(), " ", false))
                .isInstanceOf(IllegalArgumentException.class);
        // a byte's eight bits: nine words, nine singles, or seven singles beside the two bits beyond ASCII takes
        assertThatThrownBy(() -> LiteralFilter.of(List.of("aa", "bb", "cc", "dd", "ee", "ff", "gg", "hh", "ii"), "", false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LiteralFilter.of(List.of(), "abcdefghi", false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LiteralFilter.of(List.of(), "abcdefg", true)).isInstanceOf(IllegalArgumentException.class);
        LiteralFilter full = LiteralFilter.of(List.of("aa", "bb", "cc", "dd", "ee", "ff", "gg", "hh"), "abcdefgh", false);
        assertThat(full.mayHold("x".repeat(100) + "hH")).isTrue();
        assertThat(full.mayHold("x".repeat(100) + "h")).isTrue();
        assertThat(full.mayHold("x".repeat(100) + "i")).isFalse();
    }

    /** Random chars (some above 0xff when {@code wide}), with {@code words} of the test's literals dropped in at random places. */
    private static String text(Random random, int length, int words, boolean wide) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int draw = random.nextInt(100);
            String from = wide && draw == 0 ? WIDE : draw < 9 ? ALPHABET : PLAIN;
            text.append(from.charAt(random.nextInt(from.length())));
        }
        for (int i = 0; i < words; i++) {
            String word = List.of("int", "EXE", "uNi", "sel", "Wai", "on", "URL", "Url", "--", "/*").get(random.nextInt(10));
            text.insert(random.nextInt(text.length() + 1), word);
        }
        return text.toString();
    }

    /** The plain reading: a word (letters in either case), a single, a char beyond ASCII if asked, a char above 0xff. */
    private static boolean holds(String text, List<String> words, String singles, boolean beyondAscii) {
        String lower = lowerAsciiOnly(text);
        for (String word : words) {
            if (lower.contains(word)) {
                return true;
            }
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (singles.indexOf(c) >= 0 || c > 0xff || beyondAscii && c > 0x7e) {
                return true;
            }
        }
        return false;
    }

    private static String lowerAsciiOnly(String text) {
        StringBuilder lower = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            lower.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return lower.toString();
    }

    private static String printable(String text) {
        return text.isEmpty() ? "(empty)" : text.replace("\0", "\\0");
    }
}
