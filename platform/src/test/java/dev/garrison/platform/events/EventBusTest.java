package dev.garrison.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.garrison.platform.storage.Database;
import dev.garrison.platform.storage.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The bus on SQLite: in-order, at-least-once delivery that survives a restart. */
class EventBusTest {
    private static BusEvent event(int n) {
        return new BusEvent("id-" + n, "test.source", "Thing Happened", Instant.parse("2026-11-30T12:00:00Z"),
                "123456789012", "us-east-1", List.of("arn:aws:iam::123456789012:user/u" + n),
                JsonNodeFactory.instance.objectNode().put("n", n));
    }

    /** A fresh SQLite database in a folder of its own. */
    private static Database database() throws IOException {
        return Database.sqlite(Files.createTempDirectory("garrison-bus").resolve("t.db"));
    }

    private static List<Integer> numbers(List<ObjectNode> seen) {
        return seen.stream().map(e -> e.get("detail").get("n").asInt()).toList();
    }

    @Test
    void subscribersGetEveryEventInOrderInEventBridgeShape() throws Exception {
        try (Database database = database()) {
            Store store = database.migrate("platform");
            try (EventBus bus = new EventBus(store)) {
                List<ObjectNode> seen = new CopyOnWriteArrayList<>();
                bus.subscribe("test", seen::addAll);
                for (int i = 0; i < 600; i += 3) {
                    bus.publish(List.of(event(i), event(i + 1), event(i + 2)));
                }
                Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> seen.size() == 600);
                assertThat(numbers(seen)).isSorted().doesNotHaveDuplicates();
                ObjectNode first = seen.getFirst();
                assertThat(first.get("version").asText()).isEqualTo("0");
                assertThat(first.get("id").asText()).isEqualTo("id-0");
                assertThat(first.get("detail-type").asText()).isEqualTo("Thing Happened");
                assertThat(first.get("source").asText()).isEqualTo("test.source");
                assertThat(first.get("account").asText()).isEqualTo("123456789012");
                assertThat(first.get("time").asText()).isEqualTo("2026-11-30T12:00:00Z");
                assertThat(first.get("region").asText()).isEqualTo("us-east-1");
                assertThat(first.get("resources").get(0).asText()).isEqualTo("arn:aws:iam::123456789012:user/u0");
            }
        }
    }

    @Test
    void anIdleSubscriberPassesOverWhatIsPublishedWhileItIsIdleAndGetsWhatFollows() throws Exception {
        try (Database database = database()) {
            Store store = database.migrate("platform");
            try (EventBus bus = new EventBus(store)) {
                AtomicBoolean idle = new AtomicBoolean(true);
                List<ObjectNode> seen = new CopyOnWriteArrayList<>();
                bus.subscribe("test", new EventBus.Subscriber() {
                    @Override
                    public void deliver(List<ObjectNode> envelopes) {
                        seen.addAll(envelopes);
                    }

                    @Override
                    public boolean idle() {
                        return idle.get();
                    }
                });
                bus.publish(List.of(event(1), event(2)));
                Awaitility.await().atMost(10, TimeUnit.SECONDS)
                        .until(() -> store.get("bus_cursors", "test") != null
                                && new String(store.get("bus_cursors", "test").value()).equals("2"));
                idle.set(false);
                bus.publish(List.of(event(3)));
                Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> seen.size() == 1);
                assertThat(numbers(seen)).containsExactly(3);
            }
        }
    }

    @Test
    void whatWasNotTakenBeforeAStopIsDeliveredAfterTheRestart() throws Exception {
        try (Database database = database()) {
            Store store = database.migrate("platform");
            List<ObjectNode> before = new CopyOnWriteArrayList<>();
            try (EventBus bus = new EventBus(store)) {
                bus.subscribe("test", before::addAll);
                bus.publish(List.of(event(1)));
                Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> before.size() == 1);
            }
            try (EventBus bus = new EventBus(store)) {
                // published while the subscriber is not running
                bus.publish(List.of(event(2), event(3)));
            }
            List<ObjectNode> after = new CopyOnWriteArrayList<>();
            try (EventBus bus = new EventBus(store)) {
                bus.subscribe("test", after::addAll);
                bus.publish(List.of(event(4)));
                Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> after.size() == 3);
                assertThat(numbers(after)).containsExactly(2, 3, 4);
            }
        }
    }

    @Test
    void aFailingSubscriberIsOfferedTheSameEventsAgainAndANewOneStartsAtTheEnd() throws Exception {
        try (Database database = database()) {
            Store store = database.migrate("platform");
            try (EventBus bus = new EventBus(store)) {
                bus.publish(List.of(event(0)));
                AtomicInteger attempts = new AtomicInteger();
                List<ObjectNode> taken = new CopyOnWriteArrayList<>();
                bus.subscribe("flaky", envelopes -> {
                    if (attempts.incrementAndGet() < 3) {
                        throw new IllegalStateException("target down");
                    }
                    taken.addAll(envelopes);
                });
                bus.publish(List.of(event(1), event(2)));
                Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> taken.size() == 2);
                assertThat(attempts.get()).isGreaterThanOrEqualTo(3);
                assertThat(numbers(taken)).containsExactly(1, 2);
            }
        }
    }

    @Test
    void pruningDropsOnlyWhatEverySubscriberHasTaken() throws Exception {
        try (Database database = database()) {
            Store store = database.migrate("platform");
            try (EventBus bus = new EventBus(store)) {
                List<ObjectNode> fast = new CopyOnWriteArrayList<>();
                bus.subscribe("fast", fast::addAll);
                bus.publish(List.of(event(1), event(2)));
                Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> fast.size() == 2);
                // a reader stores its position at most once a second, so what it took is pruned within one
                Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> {
                    bus.prune();
                    return store.all("bus_events").isEmpty();
                });
            }
            // "slow" has not run since; what it has not taken stays after a prune
            try (EventBus bus = new EventBus(store)) {
                bus.subscribe("slow", envelopes -> { throw new IllegalStateException("never takes"); });
                bus.publish(List.of(event(3)));
                bus.prune();
                assertThat(store.all("bus_events")).hasSize(1);
            }
            try (EventBus bus = new EventBus(store)) {
                bus.publish(List.of(event(4)));
                assertThat(store.all("bus_events")).extracting(r -> Long.parseLong(r.id())).isSorted().hasSize(2);
            }
        }
    }

    @Test
    void referencesBecomeTheirRowsEventsAndOnesToMissingRowsArePassedOver() throws Exception {
        try (Database database = database()) {
            Store store = database.migrate("platform");
            try (EventBus bus = new EventBus(store)) {
                bus.resolveReferences("settings", row -> event(Integer.parseInt(new String(row.value(),
                        java.nio.charset.StandardCharsets.UTF_8))));
                List<ObjectNode> seen = new CopyOnWriteArrayList<>();
                bus.subscribe("test", seen::addAll);
                store.write(tx -> {
                    tx.put("settings", new dev.garrison.platform.storage.Row("a", java.util.Map.of(), "5".getBytes()));
                    tx.put("settings", new dev.garrison.platform.storage.Row("b", java.util.Map.of(), "6".getBytes()));
                    bus.appendReferences(tx, "settings", List.of("a", "gone", "b"));
                    bus.append(tx, List.of(event(7)));
                    return null;
                });
                bus.wake();
                Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> seen.size() == 3);
                assertThat(numbers(seen)).containsExactly(5, 6, 7);
                assertThat(seen.getFirst().get("id").asText()).isEqualTo("id-5");
            }
        }
    }
}
