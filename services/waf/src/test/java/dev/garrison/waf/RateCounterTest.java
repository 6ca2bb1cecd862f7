package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;

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
