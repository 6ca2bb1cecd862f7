package dev.garrison.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.garrison.platform.core.RequestIds;
import dev.garrison.platform.events.BusEvent;
import dev.garrison.platform.events.DeliveryFailure;
import dev.garrison.platform.events.EventBus;
import dev.garrison.platform.events.EventTarget;
import dev.garrison.platform.storage.Row;
import dev.garrison.platform.storage.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers matched events to their targets: stored before the first attempt, retried with
 * exponential backoff and jitter while the target answers something worth retrying, within the
 * target's retry policy (EventBridge's defaults: 185 retries, 24 hours). A delivery that fails for
 * good is kept with status FAILED and its last error, logged, and announced on the bus as a
 * {@code garrison.events} "Event Delivery Failed" event that a rule can route elsewhere.
 */
final class TargetDeliveries implements AutoCloseable {
    static final String FAILURE_SOURCE = "garrison.events";
    static final String FAILURE_DETAIL_TYPE = "Event Delivery Failed";
    private static final Logger LOG = LoggerFactory.getLogger(TargetDeliveries.class);
    private static final String TABLE = "events_deliveries";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TICK = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    private static final int CONCURRENT = 64;

    private final Store store;
    private final EventBus bus;
    private final List<EventTarget> kinds;
    private final Clock clock;
    /** Pending deliveries by next attempt; guarded by itself. */
    private final PriorityQueue<Delivery> due = new PriorityQueue<>(Comparator.comparing(Delivery::nextAttempt));
    private final ExecutorService attempts = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("garrison-event-delivery-", 0).factory());
    private final Semaphore slots = new Semaphore(CONCURRENT);
    private final Thread scheduler;
    private volatile boolean closing;

    TargetDeliveries(Store store, EventBus bus, List<EventTarget> kinds, Clock clock) {
        this.store = store;
        this.bus = bus;
        this.kinds = List.copyOf(kinds);
        this.clock = clock;
        for (Row row : store.find(TABLE, "status", "PENDING")) {
            due.add(read(row));
        }
        this.scheduler = Thread.ofPlatform().name("garrison-event-deliveries").daemon().unstarted(this::schedule);
    }

    void start() {
        scheduler.start();
    }

    /** The kind of target that delivers to {@code arn}, or null when none does. */
    EventTarget kind(String arn) {
        for (EventTarget kind : kinds) {
            if (kind.accepts(arn)) {
                return kind;
            }
        }
        return null;
    }

    /** Stores {@code deliveries} durably, then lets them go. */
    void enqueue(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        store.write(tx -> {
            deliveries.forEach(d -> tx.insert(TABLE, row(d, "PENDING")));
            return null;
        });
        synchronized (due) {
            due.addAll(deliveries);
        }
        LockSupport.unpark(scheduler);
    }

    /** A new delivery of {@code payload}, due now. */
    Delivery newDelivery(String eventId, boolean aboutFailure, String ruleArn, dev.garrison.api.events.Target target, byte[] payload) {
        Instant now = clock.instant();
        var retry = target.retryPolicy();
        Map<String, String> headers = target.httpParameters() == null || target.httpParameters().headerParameters() == null
                ? Map.of() : target.httpParameters().headerParameters();
        Map<String, String> query = target.httpParameters() == null
                || target.httpParameters().queryStringParameters() == null
                ? Map.of() : target.httpParameters().queryStringParameters();
        return new Delivery(String.format("%015d", now.toEpochMilli()) + "-" + RequestIds.next(), eventId, aboutFailure,
                ruleArn,
                target.id(), target.arn(), payload, headers, query, 0, now, now,
                retry == null || retry.maximumRetryAttempts() == null ? 185 : retry.maximumRetryAttempts(),
                retry == null || retry.maximumEventAgeInSeconds() == null ? 86_400 : retry.maximumEventAgeInSeconds(), null);
    }

    private void schedule() {
        while (!closing) {
            Delivery next;
            synchronized (due) {
                Delivery head = due.peek();
                next = head != null && !head.nextAttempt().isAfter(clock.instant()) ? due.poll() : null;
            }
            if (next == null) {
                LockSupport.parkNanos(TICK.toNanos());
                continue;
            }
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Delivery delivery = next;
            attempts.execute(() -> {
                try {
                    attempt(delivery);
                } finally {
                    slots.release();
                }
            });
        }
    }

    private void attempt(Delivery delivery) {
        EventTarget kind = kind(delivery.targetArn());
        try {
            if (kind == null) {
                throw new DeliveryFailure("no target kind delivers to " + delivery.targetArn(), false);
            }
            kind.deliver(delivery.targetArn(), delivery.payload(), delivery.headers(), delivery.query());
            store.write(tx -> tx.delete(TABLE, delivery.id()));
        } catch (DeliveryFailure failure) {
            failed(delivery, failure);
        } catch (RuntimeException e) {
            LOG.warn("delivery {} to {} could not be recorded: {}", delivery.id(), delivery.targetArn(), e.toString());
            requeue(delivery.retryAt(clock.instant().plus(MAX_BACKOFF), "internal: " + e.getClass().getSimpleName()));
        }
    }

    private void failed(Delivery delivery, DeliveryFailure failure) {
        Instant now = clock.instant();
        int retries = delivery.attempts();
        boolean young = now.isBefore(delivery.taken().plusSeconds(delivery.maxAgeSeconds()));
        if (failure.retryable() && retries < delivery.maxRetries() && young) {
            Delivery retry = delivery.retryAt(now.plus(backoff(retries + 1)), failure.getMessage());
            store.write(tx -> {
                tx.put(TABLE, row(retry, "PENDING"));
                return null;
            });
            requeue(retry);
            return;
        }
        Delivery last = delivery.retryAt(now, failure.getMessage());
        LOG.warn("event {} for rule {} could not be delivered to target {} after {} attempts: {}", delivery.eventId(),
                delivery.ruleArn(), delivery.targetId(), last.attempts(), failure.getMessage());
        store.write(tx -> {
            tx.put(TABLE, row(last, "FAILED"));
            if (!delivery.aboutFailure()) {
                bus.append(tx, List.of(notice(last)));
            }
            return null;
        });
        bus.wake();
    }

    private void requeue(Delivery delivery) {
        synchronized (due) {
            due.add(delivery);
        }
    }

    /** 1, 2, 4 … seconds, capped at five minutes, each shortened by up to half at random. */
    private static Duration backoff(int attempt) {
        long seconds = Math.min(MAX_BACKOFF.toSeconds(), 1L << Math.min(attempt - 1, 20));
        return Duration.ofMillis((long) (seconds * 1000 * (0.5 + ThreadLocalRandom.current().nextDouble() / 2)));
    }

    private BusEvent notice(Delivery delivery) {
        String[] arn = delivery.ruleArn().split(":", 6);
        ObjectNode detail = JSON.createObjectNode()
                .put("eventId", delivery.eventId())
                .put("ruleArn", delivery.ruleArn())
                .put("targetId", delivery.targetId())
                .put("targetArn", delivery.targetArn())
                .put("attempts", delivery.attempts())
                .put("lastError", delivery.lastError());
        return new BusEvent(RequestIds.next(), FAILURE_SOURCE, FAILURE_DETAIL_TYPE, clock.instant(), arn[4], arn[3],
                List.of(delivery.ruleArn()), detail);
    }

    private static Row row(Delivery d, String status) {
        ObjectNode value = JSON.createObjectNode()
                .put("eventId", d.eventId()).put("aboutFailure", d.aboutFailure()).put("ruleArn", d.ruleArn()).put("targetId", d.targetId())
                .put("targetArn", d.targetArn()).put("payload", Base64.getEncoder().encodeToString(d.payload()))
                .put("attempts", d.attempts()).put("taken", d.taken().toString()).put("nextAttempt", d.nextAttempt().toString())
                .put("maxRetries", d.maxRetries()).put("maxAgeSeconds", d.maxAgeSeconds()).put("lastError", d.lastError());
        value.set("headers", JSON.valueToTree(d.headers()));
        value.set("query", JSON.valueToTree(d.query()));
        try {
            return new Row(d.id(), Map.of("status", status), JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Delivery read(Row row) {
        try {
            JsonNode v = JSON.readTree(row.value());
            return new Delivery(row.id(), v.get("eventId").asText(), v.get("aboutFailure").asBoolean(),
                    v.get("ruleArn").asText(), v.get("targetId").asText(),
                    v.get("targetArn").asText(), Base64.getDecoder().decode(v.get("payload").asText()),
                    JSON.treeToValue(v.get("headers"), Map.class), JSON.treeToValue(v.get("query"), Map.class),
                    v.get("attempts").asInt(), Instant.parse(v.get("taken").asText()),
                    Instant.parse(v.get("nextAttempt").asText()), v.get("maxRetries").asInt(), v.get("maxAgeSeconds").asInt(),
                    v.get("lastError").isNull() ? null : v.get("lastError").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops scheduling; attempts under way finish, and what is pending stays stored for the next start. */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(scheduler);
        try {
            scheduler.join(5_000);
            attempts.shutdown();
            attempts.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
