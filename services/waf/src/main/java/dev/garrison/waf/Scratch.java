package dev.garrison.waf;

import io.netty.util.concurrent.FastThreadLocal;

/**
 * Per-thread arrays that are not garbage for every request. A scan copies its text into the char
 * array before reading it char by char (or a transformation before decoding it in place): over a
 * 2 KB body, {@code String.charAt} in a loop took about three times as long as the copy and a loop
 * over the array together. The byte array takes a body's bytes on their way to becoming text,
 * which then costs one copy, the text's own, and a text's chars narrowed to bytes for the literal
 * filter, which so makes no garbage. Only code that calls nothing else that takes the same
 * array may use it, so one thread never has two texts in it at once.
 */
final class Scratch {
    private static final FastThreadLocal<char[]> CHARS = new FastThreadLocal<>() {
        @Override
        protected char[] initialValue() {
            return new char[8 * 1024];
        }
    };
    private static final FastThreadLocal<byte[]> BYTES = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[8 * 1024];
        }
    };

    private Scratch() {}

    /** {@code text}'s chars at the start of this thread's char array, which is returned (and may be longer). */
    static char[] chars(String text) {
        char[] buffer = CHARS.get();
        if (buffer.length < text.length()) {
            buffer = new char[Math.max(text.length(), buffer.length * 2)];
            CHARS.set(buffer);
        }
        text.getChars(0, text.length(), buffer, 0);
        return buffer;
    }

    /** This thread's byte array, at least {@code length} long. */
    static byte[] bytes(int length) {
        byte[] buffer = BYTES.get();
        if (buffer.length < length) {
            buffer = new byte[Math.max(length, buffer.length * 2)];
            BYTES.set(buffer);
        }
        return buffer;
    }
}
