package dev.garrison.waf;

import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Char array work a vector at a time, for the Vector API's callers ({@link VectorApi}). Each
 * method does whole vectors and returns where it stopped: the caller's own loop does the rest.
 */
final class VectorChars {
    private static final VectorSpecies<Short> SPECIES = ShortVector.SPECIES_PREFERRED;

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
}
