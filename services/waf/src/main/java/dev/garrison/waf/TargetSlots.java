package dev.garrison.waf;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The connections open to one target, on every event loop (connecting, carrying an exchange,
 * idle in a pool or tunnelling), and the exchanges waiting for one while a target group's cap on
 * them is reached, first come first served. Every slot taken is given back exactly once: when its
 * connection closes, or when it could not be opened.
 */
final class TargetSlots {
    /** Why a waiter got no connection: every slot stayed taken for the connect timeout. */
    static final class Full extends Exception {
        Full() {
            super("every connection the target group allows to the target stayed busy", null, false, false);
        }
    }

    /** An exchange waiting on {@code loop} for a connection, with the cap its target group sets. */
    static final class Waiter {
        final EventLoop loop;
        final int cap;
        final BiConsumer<@Nullable Channel, @Nullable Throwable> then;
        /** Its expiry, set and cancelled on {@code loop}. */
        @Nullable ScheduledFuture<?> expiry;

        Waiter(EventLoop loop, int cap, BiConsumer<@Nullable Channel, @Nullable Throwable> then) {
            this.loop = loop;
            this.cap = cap;
            this.then = then;
        }

        /** On {@code loop}: it waits no longer. */
        void stopWaiting() {
            if (expiry != null) {
                expiry.cancel(false);
            }
        }
    }

    private int open;
    /** How many of them each loop holds. */
    private final Map<EventLoop, int[]> held = new HashMap<>();
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    /** How many wait, readable without the lock: the pooled path of every exchange asks, and mostly nobody waits. */
    private volatile int queued;

    /**
     * Takes a slot on {@code loop} for a new connection when fewer than {@code cap} are open (any
     * number when {@code cap} is 0), and returns null; otherwise queues a waiter and returns it. A
     * slot that frees goes to the waiters first ({@link #free}), so nobody overtakes them.
     */
    synchronized @Nullable Waiter takeOrWait(EventLoop loop, int cap, BiConsumer<@Nullable Channel, @Nullable Throwable> then) {
        if (cap <= 0 || open < cap) {
            take(loop);
            return null;
        }
        Waiter waiter = new Waiter(loop, cap, then);
        waiting.addLast(waiter);
        queued = waiting.size();
        return waiter;
    }

    /**
     * A connection on {@code loop} closed, or could not be opened: its slot goes to the first
     * waiter it lets under its cap, returned (its slot taken) to be granted a new connection on its
     * loop; null when none.
     */
    synchronized @Nullable Waiter free(EventLoop loop) {
        open--;
        held.get(loop)[0]--;
        for (Iterator<Waiter> i = waiting.iterator(); i.hasNext();) {
            Waiter waiter = i.next();
            if (open < waiter.cap) {
                i.remove();
                queued = waiting.size();
                take(waiter.loop);
                return waiter;
            }
        }
        return null;
    }

    private void take(EventLoop loop) {
        open++;
        held.computeIfAbsent(loop, l -> new int[1])[0]++;
    }

    /**
     * Who gets a connection that came free on {@code loop} while others wait: the first waiter on
     * that loop, returned out of the queue, unless the first in line waits on a loop holding no
     * connection, or two fewer than this one. Then, and when nobody waits here, null: the
     * connection is to be closed, its slot going to the first in line ({@link #free}). So each loop
     * with waiters comes to hold its share of the cap, and a connection moves between loops (a
     * close and a connect) only to even the shares out.
     */
    synchronized @Nullable Waiter handOver(EventLoop loop) {
        Waiter first = waiting.peekFirst();
        if (first == null) {
            return null;
        }
        if (first.loop != loop) {
            int there = held.getOrDefault(first.loop, new int[1])[0];
            if (there == 0 || there + 1 < held.get(loop)[0]) {
                return null;
            }
        }
        for (Iterator<Waiter> i = waiting.iterator(); i.hasNext();) {
            Waiter waiter = i.next();
            if (waiter.loop == loop) {
                i.remove();
                queued = waiting.size();
                return waiter;
            }
        }
        return null;
    }

    boolean anyWaiting() {
        return queued > 0;
    }

    /** How many connections are open now. */
    synchronized int open() {
        return open;
    }

    /** How many exchanges wait now. */
    int waiting() {
        return queued;
    }

    /** Takes {@code waiter} out of the queue; false when it was granted a connection meanwhile. */
    synchronized boolean giveUp(Waiter waiter) {
        boolean removed = waiting.remove(waiter);
        queued = waiting.size();
        return removed;
    }
}
