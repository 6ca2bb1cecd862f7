package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A rate-based rule's sliding window, counted by several event loops at once. */
class RateCounterTest {
    static final Instant T0 = Instant.parse("2026-12-07T05:00:00Z");

    @Test
    void requestsCountOverTheWindowAndSlideOutOfIt() {
        RateCounter counter = new RateCounter(60);
        for (int i = 0; i < 10; i++) {
            assertThat(counter.hit("a", T0.plusSeconds(i), 10)).isFalse();
        }
        assertThat(counter.hit("a", T0.plusSeconds(30), 10)).as("the eleventh in the window").isTrue();
        assertThat(counter.over(T0.plusSeconds(30), 10)).containsExactly("a");
        assertThat(counter.over(T0.plusSeconds(65), 10)).as("the first five slid out").isEmpty();
        assertThat(counter.hit("a", T0.plusSeconds(65), 5)).as("five left (6 to 9 and 30), and this one").isTrue();
        assertThat(counter.hit("a", T0.plusSeconds(200), 1)).as("all slid out but this one").isFalse();
        assertThat(counter.hit("b", T0.plusSeconds(200), 1)).as("another key counts apart").isFalse();
    }

    @Test
    void aFullTableLeavesNewKeysUncountedUntilWindowsEmptyWithoutScanningItForEach() {
        RateCounter counter = new RateCounter(60);
        for (int i = 0; i < RateCounter.MAX_KEYS; i++) {
            assertThat(counter.hit("10.0." + i / 256 + "." + i % 256, T0, 0)).as("tracked: over a limit of 0").isTrue();
        }
        // each thousandth key used to be pruned as it came in, its window still empty, and its count lost
        assertThat(counter.over(T0, 0)).hasSize(RateCounter.MAX_KEYS);
        // forwarded addresses a client makes up, one a request: each used to cost a pass over every
        // window (5-6 ms); 10,000 of them would take a minute
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < 10_000; i++) {
                assertThat(counter.hit("made-up-" + i, T0.plusSeconds(1), 0)).as("not tracked while full").isFalse();
            }
        });
        assertThat(counter.hit("10.0.0.1", T0.plusSeconds(2), 1)).as("a tracked key still counts").isTrue();
        assertThat(counter.hit("made-up-new", T0.plusSeconds(61), 0)).as("tracked once the first windows emptied").isTrue();
        assertThat(counter.over(T0.plusSeconds(61), 0)).containsExactlyInAnyOrder("10.0.0.1", "made-up-new");
    }

    @Test
    void loopsCountingOneKeyAtOnceLoseNoRequest() throws Exception {
        RateCounter counter = new RateCounter(600);
        int perThread = 200_000;
        int threads = 4;
        AtOnce.run(threads, loop -> {
            for (int i = 0; i < perThread; i++) {
                // spread over half the window's buckets: loops race to start empty slots as well as to count
                counter.hit("one", T0.plus(Duration.ofMillis((i * 7L + loop) % 300_000)), Long.MAX_VALUE);
            }
        });
        long limit = (long) perThread * threads - 1;
        assertThat(counter.over(T0.plusSeconds(299), limit)).as("every request counted").containsExactly("one");
        assertThat(counter.over(T0.plusSeconds(299), limit + 1)).isEmpty();
    }
}
