package dev.garrison.waf;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One rate-based rule's counts: requests per aggregation key over a sliding window, kept as 60
 * buckets of a sixtieth of the window each. At most 10,000 keys are tracked, as AWS WAF tracks;
 * keys whose window has emptied are dropped to make room, in a pass over all of them that is made
 * at most once a bucket: no window empties within one, and a table full of live keys had each
 * request with a new key (a forwarded address or a header a client makes up) pay for a pass over
 * 10,000 windows, 5-6 ms of an event loop's time.
 */
final class RateCounter {
    static final int MAX_KEYS = 10_000;
    private static final int BUCKETS = 60;

    private final long bucketMillis;
    private final Map<String, Window> keys = new ConcurrentHashMap<>();
    private final AtomicInteger additions = new AtomicInteger();
    /** The bucket the keys were last pruned in. */
    private final AtomicLong prunedIn = new AtomicLong(Long.MIN_VALUE);

    RateCounter(long windowSeconds) {
        this.bucketMillis = windowSeconds * 1000 / BUCKETS;
    }

    /** Counts a request for {@code key} at {@code now}; true when the key is now over {@code limit}. */
    boolean hit(String key, Instant now, long limit) {
        long bucket = now.toEpochMilli() / bucketMillis;
        Window window = keys.get(key);
        if (window == null) {
            if (keys.size() >= MAX_KEYS && (!prune(bucket) || keys.size() >= MAX_KEYS)) {
                return false;
            }
            // a window enters the table holding its first request: an empty one could be pruned
            // before it counted it, and the request be counted in a window no longer there
            window = keys.putIfAbsent(key, new Window(bucket));
            if (window == null) {
                if (additions.incrementAndGet() % 1000 == 0) {
                    prune(bucket);
                }
                return 1 > limit;
            }
        }
        return window.add(bucket) > limit;
    }

    /** The keys over {@code limit} at {@code now}. */
    List<String> over(Instant now, long limit) {
        long bucket = now.toEpochMilli() / bucketMillis;
        List<String> over = new ArrayList<>();
        keys.forEach((key, window) -> {
            if (window.total(bucket) > limit) {
                over.add(key);
            }
        });
        return over;
    }

    /** Drops the keys whose window has emptied, unless that was done in this bucket already; whether it was done now. */
    private boolean prune(long bucket) {
        long last = prunedIn.get();
        if (last == bucket || !prunedIn.compareAndSet(last, bucket)) {
            return false;
        }
        keys.entrySet().removeIf(e -> e.getValue().total(bucket) == 0);
        return true;
    }

    /**
     * One key's counts: a ring of buckets, each slot holding in one long the bucket it counts (that
     * number's low 32 bits) and its count, so that event loops counting the same key never wait on
     * one another: under a lock, a loop the system preempted while holding it stalled the other's
     * requests for milliseconds.
     */
    private static final class Window {
        private final AtomicLongArray slots = new AtomicLongArray(BUCKETS);

        /** A window holding one request, in {@code bucket}. */
        Window(long bucket) {
            slots.set((int) Math.floorMod(bucket, (long) BUCKETS), (long) (int) bucket << 32 | 1);
        }

        long add(long bucket) {
            int slot = (int) Math.floorMod(bucket, (long) BUCKETS);
            int stamp = (int) bucket;
            while (true) {
                long held = slots.get(slot);
                // a slot last written for an older bucket starts over; one for this bucket (or, after
                // the clock went back, a newer one) counts on
                long next = age(held, stamp) > 0 ? (long) stamp << 32 | 1 : held + 1;
                if (slots.compareAndSet(slot, held, next)) {
                    return total(bucket);
                }
            }
        }

        long total(long bucket) {
            int stamp = (int) bucket;
            long total = 0;
            for (int i = 0; i < BUCKETS; i++) {
                long held = slots.get(i);
                int age = age(held, stamp);
                if (age >= 0 && age < BUCKETS) {
                    total += held & 0xffffffffL;
                }
            }
            return total;
        }

        /** How many buckets before {@code now} the slot's bucket is (negative: after it); int arithmetic takes the wrap. */
        private static int age(long held, int now) {
            return now - (int) (held >>> 32);
        }
    }
}
