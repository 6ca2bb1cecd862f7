package dev.garrison.platform.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.garrison.platform.storage.Row;
import dev.garrison.platform.storage.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The internal event bus: a durable log that services append to, and subscribers that each read
 * it in order from their own stored position. A subscriber's position moves only after it has
 * taken a batch, so delivery is at least once, across restarts too: what was committed to the log
 * reaches every subscriber even when the process stopped before delivering it.
 *
 * <p>Sequence numbers are taken inside the appending transaction; every write transaction of a
 * database holds its one writer lock until it commits, so entries become visible in sequence order
 * and a reader never passes over one that commits later.
 */
public final class EventBus implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    private static final String LOG_TABLE = "bus_events";
    private static final String CURSORS = "bus_cursors";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 256;
    private static final Duration IDLE_WAIT = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY_WAIT = Duration.ofSeconds(30);

    /** Takes the events of the bus, in order, a batch at a time; throwing makes the bus offer the batch again. */
    @FunctionalInterface
    public interface Subscriber {
        void deliver(List<ObjectNode> envelopes) throws Exception;
    }

    private final Store store;
    private final AtomicLong lastSequence;
    private final List<Thread> readers = new CopyOnWriteArrayList<>();
    private volatile boolean closing;

    /** {@code store} is the store migrated from {@code db/platform}. */
    public EventBus(Store store) {
        this.store = Objects.requireNonNull(store, "store");
        long last = 0;
        List<Row> newest = store.scanBackward(LOG_TABLE, "", key(Long.MAX_VALUE), true, 1);
        if (!newest.isEmpty()) {
            last = Long.parseLong(newest.getFirst().id());
        }
        for (Row cursor : store.all(CURSORS)) {
            last = Math.max(last, sequence(cursor));
        }
        this.lastSequence = new AtomicLong(last);
    }

    /**
     * Appends {@code events} inside the caller's write transaction: they are on the bus when that
     * transaction commits, and not at all if it rolls back. Call {@link #wake} after the commit.
     */
    public void append(Store.WriteTransaction tx, List<BusEvent> events) {
        for (BusEvent event : events) {
            tx.insert(LOG_TABLE, new Row(key(lastSequence.incrementAndGet()), Map.of(), event.envelope()));
        }
    }

    /** Appends {@code events} durably in a transaction of their own and wakes the subscribers. */
    public void publish(List<BusEvent> events) {
        store.write(tx -> {
            append(tx, events);
            return null;
        });
        wake();
    }

    /** Tells the subscribers that new events may be waiting. */
    public void wake() {
        readers.forEach(LockSupport::unpark);
    }

    /**
     * Starts delivering to {@code subscriber} on a thread of its own, from where a subscriber of
     * this name last stopped, or, for a new name, from the events appended after this call.
     */
    public void subscribe(String name, Subscriber subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        Row stored = store.get(CURSORS, name);
        long start = stored == null ? lastSequence.get() : sequence(stored);
        if (stored == null) {
            saveCursor(name, start);
        }
        Thread reader = Thread.ofPlatform().name("garrison-bus-" + name).daemon()
                .unstarted(() -> read(name, subscriber, start));
        readers.add(reader);
        reader.start();
    }

    private void read(String name, Subscriber subscriber, long start) {
        long position = start;
        Duration retryWait = Duration.ofMillis(100);
        while (!closing) {
            List<ObjectNode> batch;
            List<Row> rows;
            try {
                rows = store.scanForward(LOG_TABLE, key(position), BATCH);
                batch = new ArrayList<>(rows.size());
                for (Row row : rows) {
                    batch.add((ObjectNode) JSON.readTree(row.value()));
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("event bus reader {} cannot read the log: {}", name, e.toString());
                LockSupport.parkNanos(MAX_RETRY_WAIT.toNanos());
                continue;
            }
            if (rows.isEmpty()) {
                LockSupport.parkNanos(IDLE_WAIT.toNanos());
                continue;
            }
            try {
                subscriber.deliver(batch);
                position = Long.parseLong(rows.getLast().id());
                saveCursor(name, position);
                retryWait = Duration.ofMillis(100);
            } catch (Exception e) {
                LOG.warn("event bus subscriber {} failed on {} events, offering them again in {} ms: {}", name,
                        batch.size(), retryWait.toMillis(), e.toString());
                LockSupport.parkNanos(retryWait.toNanos());
                retryWait = retryWait.multipliedBy(2).compareTo(MAX_RETRY_WAIT) > 0 ? MAX_RETRY_WAIT : retryWait.multipliedBy(2);
            }
        }
    }

    /** Deletes the events every subscriber, past or present, has taken. */
    public void prune() {
        List<Row> cursors = store.all(CURSORS);
        if (cursors.isEmpty()) {
            return;
        }
        long oldest = cursors.stream().mapToLong(EventBus::sequence).min().orElseThrow();
        store.write(tx -> tx.deleteThrough(LOG_TABLE, key(oldest)));
    }

    private void saveCursor(String name, long position) {
        store.write(tx -> {
            tx.put(CURSORS, new Row(name, Map.of(), Long.toString(position).getBytes(StandardCharsets.UTF_8)));
            return null;
        });
    }

    private static long sequence(Row cursor) {
        return Long.parseLong(new String(cursor.value(), StandardCharsets.UTF_8));
    }

    /** Zero-padded so that byte order is numeric order. */
    private static String key(long sequence) {
        return String.format("%019d", sequence);
    }

    /** Stops the readers; what they have not taken stays in the log for the next start. */
    @Override
    public void close() {
        closing = true;
        wake();
        for (Thread reader : readers) {
            try {
                reader.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
