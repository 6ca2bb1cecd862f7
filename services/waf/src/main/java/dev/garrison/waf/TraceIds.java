package dev.garrison.waf;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/** Request ids in the form load balancers give them ({@code X-Amzn-Trace-Id} roots): {@code 1-EPOCHHEX-96 random bits}. */
final class TraceIds {
    private TraceIds() {}

    static String next(Instant now) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[35];
        id[0] = '1';
        id[1] = '-';
        hex(id, 2, now.getEpochSecond(), 8);
        id[10] = '-';
        hex(id, 11, random.nextInt() & 0xffffffffL, 8);
        hex(id, 19, random.nextLong(), 16);
        return new String(id);
    }

    private static void hex(char[] into, int at, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            into[at + i] = Character.forDigit((int) (value & 0xf), 16);
            value >>>= 4;
        }
    }
}
