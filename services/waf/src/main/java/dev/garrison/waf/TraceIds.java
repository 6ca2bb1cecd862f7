package dev.garrison.waf;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/** Request ids in the form load balancers give them ({@code X-Amzn-Trace-Id} roots): {@code 1-EPOCHHEX-96 random bits}. */
final class TraceIds {
    /** A received header longer than this is replaced by a new root, as an ALB does past 7 KB. */
    private static final int MAX_KEPT = 7 * 1024;

    private TraceIds() {}

    /**
     * The {@code X-Amzn-Trace-Id} a request goes to its target with, given the one it came with
     * (or null) and its own {@code id}, as an ALB forwards it: without one, or with one over 7 KB,
     * {@code Root=id}; with a {@code Self} field, that field's value becomes {@code id}; otherwise
     * {@code Self=id} goes first and the fields received (a root, an application's own) are kept.
     */
    static String forwarded(@Nullable String received, String id) {
        if (received == null || received.length() > MAX_KEPT) {
            return "Root=" + id;
        }
        for (int at = 0; at <= received.length();) {
            int end = received.indexOf(';', at);
            if (end < 0) {
                end = received.length();
            }
            int field = at;
            while (field < end && received.charAt(field) == ' ') {
                field++;
            }
            if (received.startsWith("Self=", field)) {
                return received.substring(0, field + 5) + id + received.substring(end);
            }
            at = end + 1;
        }
        return "Self=" + id + ";" + received;
    }

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
