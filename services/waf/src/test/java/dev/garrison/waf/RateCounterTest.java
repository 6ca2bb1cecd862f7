package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
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
    void loopsCountingOneKeyAtOnceLoseNoRequest() throws Exception {
        RateCounter counter = new RateCounter(600);
        int perThread = 200_000;
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            int offset = t;
            threads[t] = Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < perThread; i++) {
                    // spread over the window's buckets, so slots start over while others count
                    counter.hit("one", T0.plus(Duration.ofMillis((i * 7L + offset) % 300_000)), Long.MAX_VALUE);
                }
            });
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        long limit = (long) perThread * threads.length - 1;
        assertThat(counter.over(T0.plusSeconds(299), limit)).as("every request counted").containsExactly("one");
        assertThat(counter.over(T0.plusSeconds(299), limit + 1)).isEmpty();
    }
}
