package dev.garrison.waf;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/** Request ids in the form load balancers give them ({@code X-Amzn-Trace-Id} roots): {@code 1-EPOCHHEX-96 random bits}. */
final class TraceIds {
    private TraceIds() {}

    static String next(Instant now) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("1-%08x-%08x%016x", now.getEpochSecond(), random.nextInt(), random.nextLong());
    }
}
