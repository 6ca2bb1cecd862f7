package dev.garrison.waf;

import io.netty.util.concurrent.FastThreadLocal;

/**
 * A per-thread array that a scan copies its text into before reading it char by char (or a
 * transformation before decoding it in place): over a 2 KB body, {@code String.charAt} in a loop
 * took about three times as long as the copy and a loop over the array together, and the array
 * is not garbage for every request. Only code that calls nothing else that takes it may use it,
 * so one thread never has two texts in it at once.
 */
final class CharScratch {
    private static final FastThreadLocal<char[]> BUFFER = new FastThreadLocal<>() {
        @Override
        protected char[] initialValue() {
            return new char[8 * 1024];
        }
    };

    private CharScratch() {}

    /** {@code text}'s chars at the start of this thread's array, which is returned (and may be longer). */
    static char[] of(String text) {
        char[] buffer = BUFFER.get();
        if (buffer.length < text.length()) {
            buffer = new char[Math.max(text.length(), buffer.length * 2)];
            BUFFER.set(buffer);
        }
        text.getChars(0, text.length(), buffer, 0);
        return buffer;
    }
}
