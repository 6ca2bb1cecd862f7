package dev.garrison.waf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LiteralFilter} over 16 bytes at a time. Each word has a bit of its own; for each of the
 * three places a word's chars stand, two 16-entry tables (one by a byte's low four bits, one by its
 * high four) hold the bits of the words whose char there has those bits, and one shuffle
 * instruction looks all 16 bytes up in one of them. A word is where its bit survives in the byte
 * it starts at, the next and the one after (the same 16 bytes loaded one and two bytes further
 * on). Single chars are compared directly: in a shared bit their tables' halves would pair up
 * into chars never asked for (digits, from {@code (} and {@code ;}). The text is read as ISO-8859-1
 * bytes, in which a char above 0xff becomes {@code ?}: a {@code ?} always answers yes.
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

    private final ByteVector[] low = new ByteVector[PLACES];
    private final ByteVector[] high = new ByteVector[PLACES];
    private final byte[] singles;
    private final boolean beyondAscii;

    VectorLiteralFilter(List<String> words, String singles, boolean beyondAscii) {
        if (words.size() > 8) {
            throw new IllegalArgumentException("at most 8 words, one bit each: " + words);
        }
        byte[][] lowTables = new byte[PLACES][LANES];
        byte[][] highTables = new byte[PLACES][LANES];
        for (int w = 0; w < words.size(); w++) {
            String word = words.get(w);
            if (word.length() < 2 || word.length() > PLACES || !word.equals(word.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("a word is 2 or 3 lowercase chars: " + word);
            }
            byte bit = (byte) (1 << w);
            for (int place = 0; place < PLACES; place++) {
                if (place >= word.length()) {
                    for (int nibble = 0; nibble < LANES; nibble++) {
                        lowTables[place][nibble] |= bit;
                        highTables[place][nibble] |= bit;
                    }
                    continue;
                }
                char c = word.charAt(place);
                if (c >= 0x80 || c == PAD) {
                    throw new IllegalArgumentException("a word's chars are ASCII, not the pad: " + word);
                }
                lowTables[place][c & 0xf] |= bit;
                highTables[place][c >> 4] |= bit;
                if (c >= 'a' && c <= 'z') {
                    highTables[place][(c ^ 0x20) >> 4] |= bit;
                }
            }
        }
        for (int place = 0; place < PLACES; place++) {
            low[place] = ByteVector.fromArray(SPECIES, lowTables[place], 0);
            high[place] = ByteVector.fromArray(SPECIES, highTables[place], 0);
        }
        this.singles = (singles + "?").getBytes(StandardCharsets.ISO_8859_1);
        for (byte single : this.singles) {
            if (single < 0 || single == PAD) {
                throw new IllegalArgumentException("singles are ASCII, not the pad: " + singles);
            }
        }
        this.beyondAscii = beyondAscii;
    }

    @Override
    public boolean mayHold(String text) {
        if (text.length() < SHORT) {
            return true;
        }
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        int n = bytes.length;
        int start = 0;
        for (; start + LANES + PLACES - 1 <= n; start += LANES) {
            if (chunk(bytes, start)) {
                return true;
            }
        }
        // the last bytes, padded so that the loads one and two bytes on stay inside
        byte[] tail = new byte[2 * LANES + PLACES - 1];
        Arrays.fill(tail, PAD);
        System.arraycopy(bytes, start, tail, 0, n - start);
        return chunk(tail, 0) || n - start > LANES && chunk(tail, LANES);
    }

    /** Whether a word or a single may start at one of the 16 bytes from {@code start}. */
    private boolean chunk(byte[] bytes, int start) {
        ByteVector first = ByteVector.fromArray(SPECIES, bytes, start);
        ByteVector words = classify(first, 0)
                .and(classify(ByteVector.fromArray(SPECIES, bytes, start + 1), 1))
                .and(classify(ByteVector.fromArray(SPECIES, bytes, start + 2), 2));
        VectorMask<Byte> hit = words.compare(VectorOperators.NE, (byte) 0);
        for (byte single : singles) {
            hit = hit.or(first.compare(VectorOperators.EQ, single));
        }
        if (beyondAscii) {
            // bytes from 0x80 are negative
            hit = hit.or(first.compare(VectorOperators.LT, (byte) 0)).or(first.compare(VectorOperators.EQ, (byte) 0x7f));
        }
        return hit.anyTrue();
    }

    /** The bits of the words that have, at {@code place}, the char in each lane of {@code bytes}. */
    private ByteVector classify(ByteVector bytes, int place) {
        ByteVector lowNibbles = bytes.and((byte) 0x0f);
        ByteVector highNibbles = bytes.lanewise(VectorOperators.LSHR, 4);
        return lowNibbles.selectFrom(low[place]).and(highNibbles.selectFrom(high[place]));
    }
}
