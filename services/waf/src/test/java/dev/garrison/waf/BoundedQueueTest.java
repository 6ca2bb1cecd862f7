package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BoundedQueueTest {
    @Test
    void anItemPassingTheSizeBoundIsRefusedUntilTakenItemsMakeRoom() throws Exception {
        BoundedQueue<String> queue = new BoundedQueue<>(100, 1000);
        assertThat(queue.offer("a", 600)).isTrue();
        assertThat(queue.offer("b", 500)).as("1,100 of 1,000").isFalse();
        assertThat(queue.offer("c", 400)).isTrue();
        assertThat(queue.size()).isEqualTo(1000);
        assertThat(queue.offer("d", 1)).isFalse();

        assertThat(queue.poll(1, TimeUnit.MILLISECONDS)).isEqualTo("a");
        assertThat(queue.size()).isEqualTo(400);
        assertThat(queue.offer("e", 500)).isTrue();
        List<String> drained = new ArrayList<>();
        queue.drainTo(drained, 10);
        assertThat(drained).containsExactly("c", "e");
        assertThat(queue.size()).isZero();
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.poll(1, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void anItemPassingTheCountBoundIsRefusedAndItsSizeNotKept() {
        BoundedQueue<String> queue = new BoundedQueue<>(2, 1000);
        assertThat(queue.offer("a", 1)).isTrue();
        assertThat(queue.offer("b", 1)).isTrue();
        assertThat(queue.offer("c", 1)).isFalse();
        assertThat(queue.size()).isEqualTo(2);
    }

    @Test
    void anItemLargerThanTheWholeBoundIsRefusedOnAnEmptyQueue() {
        BoundedQueue<String> queue = new BoundedQueue<>(10, 1000);
        assertThat(queue.offer("huge", 1001)).isFalse();
        assertThat(queue.size()).isZero();
    }
}
