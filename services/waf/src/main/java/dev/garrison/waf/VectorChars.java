package dev.garrison.waf;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Char array work a vector at a time, for the Vector API's callers ({@link VectorApi}). Each
 * method does whole vectors and returns where it stopped: the caller's own loop does the rest.
 */
final class VectorChars {
    /** The machine's widest (16 chars with AVX2), at least 128 bits: {@link #BYTES} is half of it. */
    private static final VectorSpecies<Short> SPECIES = ShortVector.SPECIES_PREFERRED.vectorBitSize() >= 128
            ? ShortVector.SPECIES_PREFERRED : ShortVector.SPECIES_128;
    /** As many bytes as {@link #SPECIES} has chars: a vector of half the size. */
    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class,
            VectorShape.forBitSize(SPECIES.vectorBitSize() / 2));

    private VectorChars() {}

    /**
     * Replaces {@code target} by {@code replacement} in {@code chars} from {@code from} on, a whole
     * vector at a time while one fits before {@code to}; returns the index it stopped at.
     */
    static int replace(char[] chars, int from, int to, char target, char replacement) {
        int at = from;
        for (; at + SPECIES.length() <= to; at += SPECIES.length()) {
            ShortVector v = ShortVector.fromCharArray(SPECIES, chars, at);
            v.blend((short) replacement, v.eq((short) target)).intoCharArray(chars, at);
        }
        return at;
    }

    /**
     * Copies the low byte of each char of {@code chars} to the same place of {@code bytes}, a whole
     * vector at a time from 0 while one fits before {@code to}; returns the index it stopped at, or
     * -1 when a char above 0xff was among those (and the bytes are not all written).
     */
    static int narrow(char[] chars, int to, byte[] bytes) {
        ShortVector seen = ShortVector.zero(SPECIES);
        int at = 0;
        for (; at + SPECIES.length() <= to; at += SPECIES.length()) {
            ShortVector v = ShortVector.fromCharArray(SPECIES, chars, at);
            seen = seen.or(v);
            v.convertShape(VectorOperators.S2B, BYTES, 0).reinterpretAsBytes().intoArray(bytes, at);
        }
        return (seen.reduceLanes(VectorOperators.OR) & 0xff00) != 0 ? -1 : at;
    }
}
