package dev.garrison.waf;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LiteralFilter} over 16 bytes at a time. Each word has a bit of its own; for each of the
 * three places a word's chars stand, two 16-entry tables (one by a byte's low four bits, one by its
 * high four) hold the bits of the words whose char there has those bits, and one shuffle
 * instruction looks all 16 bytes up in one of them. A word is where its bit survives in the byte
 * it starts at, the next and the one after (the same 16 bytes loaded one and two bytes further
 * on). Single chars have bits of their own in two more tables: in a bit shared with another
 * single, their tables' halves would pair up into chars never asked for (digits, from {@code (}
 * and {@code ;}). The text is read as one byte per char; a char above 0xff answers yes.
 */
final class VectorLiteralFilter implements LiteralFilter {
    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_128;
    private static final int LANES = 16;
    /** The places of a word's chars, and so how far past a chunk's last byte its third load reads. */
    private static final int PLACES = 3;
    /** Pads the tail: in no word, and no single. */
    private static final byte PAD = ' ';
    /**
     * Texts shorter than this answer yes: a detector's own scan reads them in less time than this
     * filter takes to copy a text's bytes and set up (a query argument's few chars, a path).
     */
    static final int SHORT = 64;

    private final ByteVector[] wordsLow = new ByteVector[PLACES];
    private final ByteVector[] wordsHigh = new ByteVector[PLACES];
    private final ByteVector singlesLow;
    private final ByteVector singlesHigh;

    VectorLiteralFilter(List<String> words, String singles, boolean beyondAscii) {
        String chars = singles + (beyondAscii ? "\u007f" : "");
        if (words.size() > 8 || chars.length() + (beyondAscii ? 1 : 0) > 8) {
            throw new IllegalArgumentException("a byte has bits for 8 words and 8 singles (beyond ASCII takes two of"
                    + " them): " + words + " " + singles);
        }
        byte[][] low = new byte[PLACES][LANES];
        byte[][] high = new byte[PLACES][LANES];
        for (int bit = 0; bit < words.size(); bit++) {
            String word = words.get(bit);
            if (word.length() < 2 || word.length() > PLACES || !word.equals(word.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("a word is 2 or 3 lowercase chars: " + word);
            }
            for (int place = 0; place < PLACES; place++) {
                if (place >= word.length()) {
                    for (int nibble = 0; nibble < LANES; nibble++) {
                        low[place][nibble] |= (byte) (1 << bit);
                        high[place][nibble] |= (byte) (1 << bit);
                    }
                } else {
                    char c = word.charAt(place);
                    set(low[place], high[place], bit, c, word);
                    if (c >= 'a' && c <= 'z') {
                        high[place][(c ^ 0x20) >> 4] |= (byte) (1 << bit);
                    }
                }
            }
        }
        byte[] singleLow = new byte[LANES];
        byte[] singleHigh = new byte[LANES];
        for (int bit = 0; bit < chars.length(); bit++) {
            set(singleLow, singleHigh, bit, chars.charAt(bit), singles);
        }
        if (beyondAscii) {
            // every byte from 0x80, in the last bit: any low half, a high half from 8
            int bit = chars.length();
            for (int nibble = 0; nibble < LANES; nibble++) {
                singleLow[nibble] |= (byte) (1 << bit);
            }
            for (int nibble = 8; nibble < LANES; nibble++) {
                singleHigh[nibble] |= (byte) (1 << bit);
            }
        }
        for (int place = 0; place < PLACES; place++) {
            wordsLow[place] = ByteVector.fromArray(SPECIES, low[place], 0);
            wordsHigh[place] = ByteVector.fromArray(SPECIES, high[place], 0);
        }
        singlesLow = ByteVector.fromArray(SPECIES, singleLow, 0);
        singlesHigh = ByteVector.fromArray(SPECIES, singleHigh, 0);
    }

    /** Sets {@code bit} for the ASCII char {@code c} (not the pad) in a pair of tables. */
    private static void set(byte[] low, byte[] high, int bit, char c, String asked) {
        if (c >= 0x80 || c == PAD) {
            throw new IllegalArgumentException("literals are ASCII, not the pad: " + asked);
        }
        low[c & 0xf] |= (byte) (1 << bit);
        high[c >> 4] |= (byte) (1 << bit);
    }

    @Override
    public boolean mayHold(String text) {
        int n = text.length();
        if (n < SHORT) {
            return true;
        }
        // the text's bytes in the thread's scratch, narrowed from its chars a vector at a time: a
        // copy of its own for each filter was 2 KB of garbage a form body, twice, where the web
        // ACL's other work on it made 4 KB
        char[] chars = Scratch.chars(text);
        byte[] bytes = Scratch.bytes(n + LANES + PLACES - 1);
        int at = VectorChars.narrow(chars, n, bytes);
        if (at < 0) {
            return true;
        }
        for (; at < n; at++) {
            char c = chars[at];
            if (c > 0xff) {
                return true;
            }
            bytes[at] = (byte) c;
        }
        // padded, so that the last chunk's loads one and two bytes on read no word
        Arrays.fill(bytes, n, n + LANES + PLACES - 1, PAD);
        for (int start = 0; start < n; start += LANES) {
            if (chunk(bytes, start)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a word or a single may start at one of the 16 bytes from {@code start}. */
    private boolean chunk(byte[] bytes, int start) {
        ByteVector first = ByteVector.fromArray(SPECIES, bytes, start);
        ByteVector words = classify(first, wordsLow[0], wordsHigh[0])
                .and(classify(ByteVector.fromArray(SPECIES, bytes, start + 1), wordsLow[1], wordsHigh[1]))
                .and(classify(ByteVector.fromArray(SPECIES, bytes, start + 2), wordsLow[2], wordsHigh[2]));
        return words.or(classify(first, singlesLow, singlesHigh)).compare(VectorOperators.NE, (byte) 0).anyTrue();
    }

    /** The bits that the tables {@code low} and {@code high} both hold for the byte in each lane. */
    private static ByteVector classify(ByteVector bytes, ByteVector low, ByteVector high) {
        return bytes.and((byte) 0x0f).selectFrom(low).and(bytes.lanewise(VectorOperators.LSHR, 4).selectFrom(high));
    }
}
