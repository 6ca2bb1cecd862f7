package dev.garrison.waf;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One rate-based rule's counts: requests per aggregation key over a sliding window, kept as 60
 * buckets of a sixtieth of the window each. At most 10,000 keys are tracked, as AWS WAF tracks;
 * keys whose window has emptied are dropped to make room.
 */
final class RateCounter {
    static final int MAX_KEYS = 10_000;
    private static final int BUCKETS = 60;

    private final long bucketMillis;
    private final Map<String, Window> keys = new ConcurrentHashMap<>();
    private final AtomicInteger additions = new AtomicInteger();

    RateCounter(long windowSeconds) {
        this.bucketMillis = windowSeconds * 1000 / BUCKETS;
    }

    /** Counts a request for {@code key} at {@code now}; true when the key is now over {@code limit}. */
    boolean hit(String key, Instant now, long limit) {
        long bucket = now.toEpochMilli() / bucketMillis;
        Window window = keys.get(key);
        if (window == null) {
            if (keys.size() >= MAX_KEYS) {
                prune(bucket);
                if (keys.size() >= MAX_KEYS) {
                    return false;
                }
            }
            window = keys.computeIfAbsent(key, k -> new Window());
            if (additions.incrementAndGet() % 1000 == 0) {
                prune(bucket);
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

    private void prune(long bucket) {
        keys.entrySet().removeIf(e -> e.getValue().total(bucket) == 0);
    }

    /** One key's counts: a ring of buckets and the newest bucket written. */
    private static final class Window {
        private final long[] counts = new long[BUCKETS];
        private long newest = Long.MIN_VALUE;

        synchronized long add(long bucket) {
            advance(bucket);
            counts[(int) Math.floorMod(bucket, (long) BUCKETS)]++;
            return sum();
        }

        synchronized long total(long bucket) {
            advance(bucket);
            return sum();
        }

        /** Clears the buckets that fell out of the window since the newest one written. */
        private void advance(long bucket) {
            if (newest == Long.MIN_VALUE || bucket - newest >= BUCKETS) {
                java.util.Arrays.fill(counts, 0);
            } else {
                for (long b = newest + 1; b <= bucket; b++) {
                    counts[(int) Math.floorMod(b, (long) BUCKETS)] = 0;
                }
            }
            newest = Math.max(newest, bucket);
        }

        private long sum() {
            long total = 0;
            for (long count : counts) {
                total += count;
            }
            return total;
        }
    }
}
