package dev.garrison.waf;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many bytes of request heads still arriving the load balancers hold at once, all listeners
 * together. A head stays in memory until its last line, so thousands of clients each sending a
 * large head slowly could fill the heap within the header timeout: 4,000 connections sending 60 KB
 * each left a 256 MB heap out of memory and the proxy answering no one. Only what is still
 * incomplete after a read counts, so a head that arrives whole never does.
 */
final class HeadBudget {
    private final long limit;
    private final AtomicLong held = new AtomicLong();

    HeadBudget(long limit) {
        this.limit = limit;
    }

    /** A connection's part of the budget. */
    Share share() {
        return new Share();
    }

    /** Moves one connection's count from {@code from} bytes to {@code to}; false, with the count left at {@code from}, when growing would pass the limit. */
    private boolean resize(long from, long to) {
        long total = held.addAndGet(to - from);
        if (to > from && total > limit) {
            held.addAndGet(from - to);
            return false;
        }
        return true;
    }

    /** The bytes held now. */
    long held() {
        return held.get();
    }

    /** The bytes of one connection's head still arriving that the budget counts; used on the connection's event loop. */
    final class Share {
        private int counted;

        /** Counts {@code pending} bytes for the connection; false, counting what it did before, when that would pass the limit. */
        boolean hold(int pending) {
            // most reads end between heads, as they began: the shared count is not touched then
            if (pending == counted) {
                return true;
            }
            if (!resize(counted, pending)) {
                return false;
            }
            counted = pending;
            return true;
        }

        /** Gives back all the connection counts. */
        void release() {
            hold(0);
        }
    }
}
