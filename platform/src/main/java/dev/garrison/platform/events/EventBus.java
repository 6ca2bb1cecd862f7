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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The internal event bus: a durable log that services append to, and subscribers that each read
 * it in order from their own stored position. A subscriber's position moves only after it has
 * taken a batch, so delivery is at least once, across restarts too: what was committed to the log
 * reaches every subscriber even when the process stopped before delivering it.
 *
 * <p>An entry is an event's envelope, or a reference to a row another table already holds (an
 * audit record is stored once, not twice): a resolver registered for that table turns the row
 * into its event when a subscriber reads it.
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
    private static final Duration CURSOR_SAVE_INTERVAL = Duration.ofSeconds(1);

    /** Takes the events of the bus, in order, a batch at a time; throwing makes the bus offer the batch again. */
    @FunctionalInterface
    public interface Subscriber {
        void deliver(List<ObjectNode> envelopes) throws Exception;

        /**
         * True while the subscriber would do nothing with any event (a dispatcher without rules):
         * the bus then moves its position past what is waiting without reading it.
         */
        default boolean idle() {
            return false;
        }
    }

    /** The first character of an entry that refers to another table's row rather than holding an envelope. */
    private static final char REFERENCE = '@';
    /** Between the row ids of one reference entry: no id contains it. */
    private static final String REFERENCE_SEPARATOR = "\n";

    private final Store store;
    private final Map<String, Function<Row, BusEvent>> resolvers = new ConcurrentHashMap<>();
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
            tx.insert(LOG_TABLE, new Row(key(lastSequence.incrementAndGet()), Map.of(), event.envelopeBytes()));
        }
    }

    /**
     * Appends, inside the caller's write transaction, references to rows of {@code table} written
     * in that same transaction, as one entry (a group commit writes one entry for all its rows); a
     * resolver for {@code table} must be registered before any subscriber reads them. Call
     * {@link #wake} after the commit.
     */
    public void appendReferences(Store.WriteTransaction tx, String table, List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        StringBuilder entry = new StringBuilder().append(REFERENCE).append(table).append('/');
        for (int i = 0; i < ids.size(); i++) {
            entry.append(i == 0 ? "" : REFERENCE_SEPARATOR).append(ids.get(i));
        }
        tx.insert(LOG_TABLE, new Row(key(lastSequence.incrementAndGet()), Map.of(), entry.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** Registers how rows of {@code table} that entries refer to become events. */
    public void resolveReferences(String table, Function<Row, BusEvent> resolver) {
        resolvers.put(table, resolver);
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

    /**
     * Reads for one subscriber. Its position is stored at most once a second (and at close), busy
     * or caught up: a position stored late only means events offered again after a crash, which
     * at-least-once delivery allows, and it keeps the reader from taking the database's one writer
     * lock (and a sync) each time a commit wakes it.
     */
    private void read(String name, Subscriber subscriber, long start) {
        long position = start;
        long saved = start;
        long savedAt = System.nanoTime();
        Duration retryWait = Duration.ofMillis(100);
        while (!closing) {
            if (position != saved && System.nanoTime() - savedAt >= CURSOR_SAVE_INTERVAL.toNanos()) {
                saved = saveCursor(name, position, saved);
                savedAt = System.nanoTime();
            }
            if (subscriber.idle()) {
                // commits wake every reader; one with nothing to do passes over the log without reading it
                position = Math.max(position, lastSequence.get());
                LockSupport.parkNanos(IDLE_WAIT.toNanos());
                continue;
            }
            List<ObjectNode> batch;
            List<Row> rows;
            try {
                rows = store.scanForward(LOG_TABLE, key(position), BATCH);
                batch = new ArrayList<>(rows.size());
                for (Row row : rows) {
                    readEntry(row, batch);
                }
            } catch (RuntimeException e) {
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
                retryWait = Duration.ofMillis(100);
            } catch (Exception e) {
                LOG.warn("event bus subscriber {} failed on {} events, offering them again in {} ms: {}", name,
                        batch.size(), retryWait.toMillis(), e.toString());
                LockSupport.parkNanos(retryWait.toNanos());
                retryWait = retryWait.multipliedBy(2).compareTo(MAX_RETRY_WAIT) > 0 ? MAX_RETRY_WAIT : retryWait.multipliedBy(2);
            }
        }
        saveCursor(name, position, saved);
    }

    /** Stores {@code position} when it differs from what is stored; returns what is stored then. */
    private long saveCursor(String name, long position, long saved) {
        if (position == saved) {
            return saved;
        }
        try {
            saveCursor(name, position);
            return position;
        } catch (RuntimeException e) {
            LOG.warn("event bus reader {} could not store its position: {}", name, e.toString());
            return saved;
        }
    }

    /**
     * Adds the events an entry holds or refers to; a row referred to that is gone, or an entry
     * that cannot be read, is logged and passed over: one bad entry must not hold up every
     * subscriber for good.
     */
    private void readEntry(Row entry, List<ObjectNode> into) {
        try {
            byte[] value = entry.value();
            if (value.length == 0 || value[0] != REFERENCE) {
                into.add((ObjectNode) JSON.readTree(value));
                return;
            }
            String references = new String(value, 1, value.length - 1, StandardCharsets.UTF_8);
            int slash = references.indexOf('/');
            String table = references.substring(0, slash);
            Function<Row, BusEvent> resolver = resolvers.get(table);
            if (resolver == null) {
                throw new IllegalStateException("no resolver for bus references to " + table);
            }
            for (String id : references.substring(slash + 1).split(REFERENCE_SEPARATOR)) {
                Row row = store.get(table, id);
                if (row == null) {
                    LOG.warn("bus entry refers to {}/{}, which no longer exists; passed over", table, id);
                } else {
                    into.add(resolver.apply(row).envelope());
                }
            }
        } catch (IOException | ClassCastException | java.io.UncheckedIOException e) {
            LOG.error("bus entry {} cannot be read and is passed over: {}", entry.id(), e.toString());
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
