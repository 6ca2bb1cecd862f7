package dev.garrison.platform.audit;

import dev.garrison.platform.events.EventBus;
import dev.garrison.platform.storage.Row;
import dev.garrison.platform.storage.Store;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable audit trail. {@link #append} returns once the record is committed to the store and
 * synced to {@code audit/YYYY/MM/DD/*.jsonl} (each line a CloudTrail log file:
 * {@code {"Records":[...]}}). One writer thread commits whatever is pending for the store as one
 * group, so many calls share one sync; a second thread does the same for the file, each at its
 * own pace.
 * Each group goes onto the event bus in the same transaction that stores it, as references to
 * the stored records, which the bus turns into EventBridge events when it delivers them.
 */
public final class AuditTrail implements CallRecorder, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    private static final String TABLE = "audit_events";
    private static final int MAX_GROUP = 512;
    private static final int LOOKUP_BATCH = 500;
    private static final int TIME_KEY_DIGITS = 15;

    /**
     * A record waiting for the writer, made into its row (the CloudTrail JSON as value) by its
     * caller so the serial writer only writes. It is durable when both the store and the file
     * hold it ({@code parts} counts what is missing).
     */
    private record Pending(Row row, CompletableFuture<Void> durable, java.util.concurrent.atomic.AtomicInteger parts) {
        Pending(AuditEvent event) {
            this(new Row(id(event), Map.of(
                    "event_id", event.eventId(),
                    "event_name", event.eventName(),
                    "event_source", event.eventSource(),
                    "username", event.username(),
                    "access_key_id", event.accessKeyId(),
                    "read_only", Boolean.toString(event.readOnly()),
                    "resource_name", event.resourceName()), event.json()),
                    new CompletableFuture<>(), new java.util.concurrent.atomic.AtomicInteger(2));
        }

        void partDone() {
            if (parts.decrementAndGet() == 0) {
                durable.complete(null);
            }
        }
    }

    private final Store store;
    private final EventBus bus;
    private final Path folder;
    private final Clock clock;
    private final String fileName;
    /** Records waiting for the store, and the same records waiting for the file. */
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final BlockingQueue<Pending> fileQueue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final Thread filer;
    private volatile boolean storeHealthy = true;
    private volatile boolean fileHealthy = true;
    private volatile boolean closing;
    /** Set once both stages have stopped: whatever is queued after that fails instead of waiting for ever. */
    private volatile boolean stopped;
    private @Nullable FileChannel file;
    private @Nullable LocalDate fileDay;

    public AuditTrail(Store store, EventBus bus, Path folder, Clock clock) {
        this.store = store;
        this.bus = bus;
        bus.resolveReferences(TABLE, row -> read(row).busEvent());
        this.folder = folder;
        this.clock = clock;
        this.fileName = "garrison_" + clock.millis() + ".jsonl";
        this.writer = Thread.ofPlatform().name("garrison-audit").start(() -> groupLoop(queue, this::storeGroup));
        this.filer = Thread.ofPlatform().name("garrison-audit-file").start(() -> groupLoop(fileQueue, this::file));
    }

    /** False after a group failed to reach the store or the file, until one reaches it again. */
    @Override
    public boolean healthy() {
        return storeHealthy && fileHealthy && !closing;
    }

    @Override
    public void record(java.util.function.Supplier<AuditEvent> event) {
        append(event.get());
    }

    /** Returns once {@code event} is durable; throws {@link AuditUnavailableException} when it cannot be. */
    public void append(AuditEvent event) {
        if (closing) {
            throw new AuditUnavailableException("the audit trail is closed");
        }
        Pending pending = new Pending(event);
        queue.add(pending);
        fileQueue.add(pending);
        if (stopped) {
            failQueued(); // the trail closed between the check above and the queueing
        }
        try {
            pending.durable().get();
        } catch (ExecutionException e) {
            throw new AuditUnavailableException("the audit record could not be written: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while writing the audit record");
        }
    }

    /**
     * Takes whatever waits on {@code from} as one group and hands it to {@code write}, until the
     * trail closes and nothing waits: each stage groups at its own pace, so the faster one is
     * never held to the slower one's group sizes.
     */
    private void groupLoop(BlockingQueue<Pending> from, java.util.function.Consumer<List<Pending>> write) {
        List<Pending> group = new ArrayList<>();
        while (!closing || !from.isEmpty()) {
            try {
                Pending first = from.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                from.drainTo(group, MAX_GROUP - 1);
                write.accept(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                group.clear();
            }
        }
    }

    private void storeGroup(List<Pending> group) {
        try {
            store(group);
            storeHealthy = true;
            group.forEach(Pending::partDone);
        } catch (RuntimeException e) {
            storeHealthy = false;
            LOG.error("audit group of {} records failed: {}", group.size(), e.toString());
            group.forEach(p -> p.durable().completeExceptionally(e));
        }
    }

    /** The durable point: one store transaction for the whole group, its bus entries included. */
    private void store(List<Pending> group) {
        List<Row> rows = new ArrayList<>(group.size());
        List<String> ids = new ArrayList<>(group.size());
        for (Pending pending : group) {
            rows.add(pending.row());
            ids.add(pending.row().id());
        }
        store.write(tx -> {
            tx.putAll(TABLE, rows);
            bus.appendReferences(tx, TABLE, ids);
            return null;
        });
        bus.wake();
    }

    /**
     * The second durable point: one {"Records":[...]} line per group, synced. It runs on its own
     * thread beside the store's writer; a record's caller is answered only when both hold it.
     */
    private void file(List<Pending> group) {
        try {
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            line.writeBytes("{\"Records\":[".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < group.size(); i++) {
                if (i > 0) {
                    line.write(',');
                }
                line.writeBytes(group.get(i).row().value());
            }
            line.writeBytes("]}\n".getBytes(StandardCharsets.UTF_8));
            FileChannel channel = fileFor(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
            ByteBuffer buffer = ByteBuffer.wrap(line.toByteArray());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
            fileHealthy = true;
            group.forEach(Pending::partDone);
        } catch (IOException | RuntimeException e) {
            fileHealthy = false;
            LOG.error("appending {} audit records to the audit files failed: {}", group.size(), e.toString());
            group.forEach(p -> p.durable().completeExceptionally(e));
        }
    }

    private FileChannel fileFor(LocalDate day) throws IOException {
        if (file == null || !day.equals(fileDay)) {
            if (file != null) {
                file.close();
            }
            Path dir = folder.resolve(String.format("%04d/%02d/%02d", day.getYear(), day.getMonthValue(), day.getDayOfMonth()));
            Files.createDirectories(dir);
            file = FileChannel.open(dir.resolve(fileName), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            fileDay = day;
        }
        return file;
    }

    /** One page of a lookup, newest first; {@code nextKey} continues it, null at the end. */
    public record Lookup(List<AuditEvent> events, @Nullable String nextKey) {}

    /**
     * Stored records from {@code start} (inclusive) to {@code end} (exclusive) that pass
     * {@code filter}, newest first, starting at {@code fromKey} (a previous page's nextKey).
     * Reads the table backwards in batches, so a page costs what it returns, not the whole trail.
     */
    public Lookup lookup(Instant start, Instant end, Predicate<Row> filter, @Nullable String fromKey, int limit) {
        String low = timeKey(start);
        String high = fromKey != null && fromKey.compareTo(timeKey(end)) < 0 ? fromKey : timeKey(end);
        boolean inclusive = fromKey != null && high.equals(fromKey);
        List<Row> matched = new ArrayList<>();
        while (matched.size() <= limit) {
            List<Row> batch = store.scanBackward(TABLE, low, high, inclusive, LOOKUP_BATCH);
            for (Row row : batch) {
                if (filter.test(row)) {
                    matched.add(row);
                    if (matched.size() > limit) {
                        break;
                    }
                }
            }
            if (batch.size() < LOOKUP_BATCH) {
                break;
            }
            high = batch.getLast().id();
            inclusive = false;
        }
        String next = matched.size() > limit ? matched.get(limit).id() : null;
        return new Lookup(matched.stream().limit(limit).map(AuditTrail::read).toList(), next);
    }

    /** A stored record, its attributes read from the row's columns and its time from the row's key. */
    private static AuditEvent read(Row row) {
        Map<String, Object> index = row.index();
        return new AuditEvent(row.value(), (String) index.get("event_id"),
                Instant.ofEpochMilli(Long.parseLong(row.id().substring(0, TIME_KEY_DIGITS))), (String) index.get("event_name"),
                (String) index.get("event_source"), (String) index.get("username"), (String) index.get("access_key_id"),
                Boolean.parseBoolean((String) index.get("read_only")), (String) index.get("resource_name"));
    }

    private static String id(AuditEvent event) {
        return timeKey(event.eventTime()) + "-" + event.eventId();
    }

    /** Milliseconds since the epoch, zero-padded to 15 digits so that keys sort by time. */
    private static String timeKey(Instant time) {
        String digits = Long.toString(Math.max(0, time.toEpochMilli()));
        return digits.length() >= TIME_KEY_DIGITS ? digits : "0".repeat(TIME_KEY_DIGITS - digits.length()) + digits;
    }

    private void failQueued() {
        AuditUnavailableException closed = new AuditUnavailableException("the audit trail is closed");
        for (BlockingQueue<Pending> waiting : List.of(queue, fileQueue)) {
            for (Pending pending = waiting.poll(); pending != null; pending = waiting.poll()) {
                pending.durable().completeExceptionally(closed);
            }
        }
    }

    /** Commits what is pending, then stops the writer and closes the file. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(10_000);
            filer.join(10_000);
            stopped = true;
            failQueued();
            if (file != null) {
                file.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("closing the audit file failed: {}", e.toString());
        }
    }
}
