package dev.garrison.waf;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many connections one listener holds open, in all and per client address: a flood of
 * connections, or one client opening many, is turned away at the door so the listener keeps
 * serving the others. Shared by the listener's server instances on every event loop.
 */
final class ConnectionLimits {
    private final int total;
    private final int perClient;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> byClient = new ConcurrentHashMap<>();

    ConnectionLimits(int total, int perClient) {
        this.total = total;
        this.perClient = perClient;
    }

    /** Counts a new connection from {@code client} in, or refuses it (false) when either limit is reached. */
    boolean admit(String client) {
        if (open.incrementAndGet() > total) {
            open.decrementAndGet();
            return false;
        }
        AtomicInteger mine = byClient.computeIfAbsent(client, c -> new AtomicInteger());
        if (mine.incrementAndGet() > perClient) {
            release(client);
            return false;
        }
        return true;
    }

    /** Counts an admitted connection from {@code client} out. */
    void release(String client) {
        open.decrementAndGet();
        byClient.computeIfPresent(client, (c, count) -> count.decrementAndGet() <= 0 ? null : count);
    }
}
