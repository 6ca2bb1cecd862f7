package dev.garrison.waf;

import java.util.List;

/**
 * A first, fast look at whether a text may hold any of a few short literals: a detector asks it
 * before its own scan, and runs that scan only on a yes. A no is certain; a yes may be wrong. The
 * detectors' own scans read a char at a time (3-5 µs over a 2 KB form body, half of a web
 * ACL's evaluation); this one reads 16 bytes at a time with the Vector API when the JVM was
 * started with {@code --add-modules jdk.incubator.vector}, as {@code garrison} starts it, and
 * otherwise always answers yes, leaving every text to the detector's scan.
 */
@FunctionalInterface
interface LiteralFilter {
    /**
     * Whether {@code text} may hold one of the literals; false only when it certainly holds none.
     * A short text (a query argument, a path) always answers yes: its detector reads it faster.
     */
    boolean mayHold(String text);

    /**
     * A filter for {@code words} (at most 8, each 2 or 3 chars, lowercase: a letter matches in either
     * case; give a longer word's first three chars), {@code singles} (chars below 0x80, each matched
     * exactly) and, when {@code beyondAscii}, every char above 0x7e. A char above 0xff always
     * answers yes, whatever is asked.
     */
    static LiteralFilter of(List<String> words, String singles, boolean beyondAscii) {
        return VectorApi.PRESENT ? new VectorLiteralFilter(words, singles, beyondAscii) : text -> true;
    }
}
