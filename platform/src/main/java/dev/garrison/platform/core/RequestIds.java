package dev.garrison.platform.core;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random UUIDs in AWS's request-id and event-id form. They need to be unique, not
 * unpredictable, so they come from the thread's fast generator rather than the shared SecureRandom.
 */
public final class RequestIds {
    private RequestIds() {}

    /**
     * A version 7 UUID: the time in milliseconds first, then random bits. Ids made one after
     * another sort by time, so an index over them grows at its end instead of at random pages.
     */
    public static String ordered(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
