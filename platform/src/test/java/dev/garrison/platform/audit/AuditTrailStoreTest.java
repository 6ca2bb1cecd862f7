package dev.garrison.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.garrison.platform.events.EventBus;
import dev.garrison.platform.storage.Database;
import dev.garrison.platform.storage.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The trail on SQLite: concurrent appends are all stored and filed, lookups page newest first. */
class AuditTrailStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static AuditEvent event(String name, Instant time) {
        String id = UUID.randomUUID().toString();
        ObjectNode record = JSON.createObjectNode().put("eventName", name).put("eventSource", "iam.amazonaws.com")
                .put("eventID", id).put("eventTime", time.toString()).put("readOnly", true);
        record.putObject("userIdentity").put("arn", "arn:aws:iam::123456789012:user/a").put("userName", "a");
        return new AuditEvent(record.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), id, time, name,
                "iam.amazonaws.com", "a", "", true, "");
    }

    @Test
    void concurrentAppendsAreAllStoredAndFiledThenPagedNewestFirst() throws Exception {
        Path dir = Files.createTempDirectory("garrison-audit");
        Clock clock = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);
        try (Database database = Database.sqlite(dir.resolve("t.db"));
                AuditTrail trail = new AuditTrail(database.migrate("platform"), new EventBus(database.migrate("platform")), dir.resolve("audit"), clock)) {
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    Instant time = Instant.parse("2026-11-30T11:00:00Z").plusSeconds(i);
                    done.add(pool.submit(() -> trail.append(event("E" + time.getEpochSecond() % 100, time))));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            }
            AuditTrail.Lookup first = trail.lookup(Instant.EPOCH, clock.instant(), row -> true, null, 15);
            assertThat(first.events()).hasSize(15);
            AuditEvent newest = first.events().getFirst();
            assertThat(newest.eventTime()).isEqualTo(Instant.parse("2026-11-30T11:00:39Z"));
            assertThat(newest).extracting(AuditEvent::eventName, AuditEvent::eventSource, AuditEvent::username,
                    AuditEvent::accessKeyId, AuditEvent::readOnly, AuditEvent::resourceName)
                    .containsExactly("E" + newest.eventTime().getEpochSecond() % 100, "iam.amazonaws.com", "a", "", true, "");
            assertThat(JSON.readTree(newest.json()).get("eventID").asText()).isEqualTo(newest.eventId());
            AuditTrail.Lookup second = trail.lookup(Instant.EPOCH, clock.instant(), row -> true, first.nextKey(), 30);
            assertThat(second.events()).hasSize(25);
            assertThat(second.nextKey()).isNull();
            assertThat(second.events().getFirst().eventTime()).isEqualTo(Instant.parse("2026-11-30T11:00:24Z"));
        }
        // closed: every committed group has reached the file
        Path file = Files.list(dir.resolve("audit/2026/11/30")).findFirst().orElseThrow();
        long records = 0;
        for (String line : Files.readAllLines(file)) {
            records += JSON.readTree(line).get("Records").size();
        }
        assertThat(records).isEqualTo(40);
    }

    @Test
    void appendsRacingACloseAreEachWrittenOrRefusedNeverLeftWaiting() throws Exception {
        Path dir = Files.createTempDirectory("garrison-audit-close");
        try (Database database = Database.sqlite(dir.resolve("t.db"))) {
            AuditTrail trail = new AuditTrail(database.migrate("platform"), new EventBus(database.migrate("platform")),
                    dir.resolve("audit"), Clock.systemUTC());
            java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 16; t++) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < 200; i++) {
                            try {
                                trail.append(event("E", Instant.now()));
                                written.incrementAndGet();
                            } catch (AuditUnavailableException e) {
                                refused.incrementAndGet();
                            }
                        }
                    }));
                }
                Thread.sleep(50);
                trail.close();
                for (Future<?> f : done) {
                    f.get(30, java.util.concurrent.TimeUnit.SECONDS);
                }
            }
            assertThat(written.get() + refused.get()).isEqualTo(16 * 200);
            assertThat(refused.get()).as("appends after the close are refused").isPositive();
        }
    }

    @Test
    void filteredLookupsReadPastOneBatchAndPageWithoutGapsOrRepeats() throws Exception {
        Path dir = Files.createTempDirectory("garrison-audit-many");
        Clock clock = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);
        try (Database database = Database.sqlite(dir.resolve("t.db"));
                AuditTrail trail = new AuditTrail(database.migrate("platform"), new EventBus(database.migrate("platform")), dir.resolve("audit"), clock)) {
            try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < 1200; i++) {
                    Instant time = Instant.parse("2026-11-30T10:00:00Z").plusSeconds(i);
                    String name = i % 3 == 0 ? "Wanted" : "Other";
                    done.add(pool.submit(() -> trail.append(event(name, time))));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            }
            java.util.function.Predicate<dev.garrison.platform.storage.Row> wanted =
                    row -> "Wanted".equals(row.index().get("event_name"));
            List<Instant> seen = new ArrayList<>();
            String key = null;
            do {
                AuditTrail.Lookup page = trail.lookup(Instant.EPOCH, clock.instant(), wanted, key, 150);
                page.events().forEach(e -> seen.add(e.eventTime()));
                key = page.nextKey();
            } while (key != null);
            assertThat(seen).hasSize(400).doesNotHaveDuplicates()
                    .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        }
    }

    @Test
    void aRecordThatCannotBeStoredFailsItsCallAndMarksTheTrailUnhealthy() throws Exception {
        Path dir = Files.createTempDirectory("garrison-audit-broken");
        Store broken = new Store() {
            @Override
            public dev.garrison.platform.storage.Row get(String table, String id) {
                return null;
            }

            @Override
            public List<dev.garrison.platform.storage.Row> find(String table, String column, Object value) {
                return List.of();
            }

            @Override
            public List<dev.garrison.platform.storage.Row> all(String table) {
                return List.of();
            }

            @Override
            public List<dev.garrison.platform.storage.Row> scanBackward(String table, String low, String high,
                    boolean highInclusive, int limit) {
                return List.of();
            }

            @Override
            public List<dev.garrison.platform.storage.Row> scanForward(String table, String after, int limit) {
                return List.of();
            }

            @Override
            public <T> T write(java.util.function.Function<WriteTransaction, T> work) {
                throw new IllegalStateException("disk full");
            }
        };
        try (AuditTrail trail = new AuditTrail(broken, new EventBus(broken), dir.resolve("audit"), Clock.systemUTC())) {
            assertThat(trail.healthy()).isTrue();
            assertThatThrownBy(() -> trail.append(event("CreateUser", Instant.now())))
                    .isInstanceOf(AuditUnavailableException.class)
                    .hasMessageContaining("could not be written");
            assertThat(trail.healthy()).isFalse();
        }
    }
}
