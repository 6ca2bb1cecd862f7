package dev.garrison.waf;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A queue bounded by how many items it holds and by how large they are together, as the caller
 * sizes them: an item that would pass either bound is refused, never waited for. Items of very
 * different sizes (a request of a few hundred bytes, one with 16 KB of headers) make a count alone
 * a poor bound on the memory a queue that falls behind holds.
 */
final class BoundedQueue<T> {
    private record Sized<T>(T item, long size) {}

    private final BlockingQueue<Sized<T>> queue;
    private final long maxSize;
    private final AtomicLong size = new AtomicLong();

    BoundedQueue(int capacity, long maxSize) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxSize = maxSize;
    }

    /** Adds {@code item}, of {@code itemSize}, unless that passes a bound; whether it was added. */
    boolean offer(T item, long itemSize) {
        if (size.addAndGet(itemSize) > maxSize || !queue.offer(new Sized<>(item, itemSize))) {
            size.addAndGet(-itemSize);
            return false;
        }
        return true;
    }

    /** The oldest item, waiting up to {@code timeout} for one; null when none came. */
    @Nullable T poll(long timeout, TimeUnit unit) throws InterruptedException {
        Sized<T> head = queue.poll(timeout, unit);
        if (head == null) {
            return null;
        }
        size.addAndGet(-head.size());
        return head.item();
    }

    /** Moves up to {@code max} of the oldest items to {@code into}. */
    void drainTo(List<T> into, int max) {
        List<Sized<T>> taken = new ArrayList<>();
        queue.drainTo(taken, max);
        for (Sized<T> each : taken) {
            size.addAndGet(-each.size());
            into.add(each.item());
        }
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** How large the items held are together. */
    long size() {
        return size.get();
    }
}
