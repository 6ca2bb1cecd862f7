package dev.garrison.waf;

import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;

/** Runs work on several threads released together, as event loops would run it, and waits for all of them. */
final class AtOnce {
    private AtOnce() {}

    /** Runs {@code work} once on each of {@code threads} threads, given the thread's number. */
    static void run(int threads, IntConsumer work) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        Thread[] running = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int number = t;
            running[t] = Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                work.accept(number);
            });
        }
        start.countDown();
        for (Thread thread : running) {
            thread.join();
        }
    }
}
