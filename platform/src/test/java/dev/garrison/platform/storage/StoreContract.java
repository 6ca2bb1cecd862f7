package dev.garrison.platform.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every storage engine must do; one subclass per engine. */
abstract class StoreContract {
    Database database;
    Store store;

    abstract Database open() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        database = open();
        store = database.migrate("contract");
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private static Row thing(String id, String owner, long size, String value) {
        return new Row(id, Map.of("owner", owner, "size", size), value.getBytes(UTF_8));
    }

    @Test
    void putThenGetRoundTrips() {
        store.write(tx -> {
            tx.put("things", thing("a", "alice", 1, "one"));
            return null;
        });
        Row row = store.get("things", "a");
        assertThat(new String(row.value(), UTF_8)).isEqualTo("one");
        assertThat(row.index()).containsEntry("owner", "alice");
        assertThat(store.get("things", "missing")).isNull();
    }

    @Test
    void putReplacesAndInsertDoesNot() {
        store.write(tx -> {
            tx.put("things", thing("a", "alice", 1, "one"));
            tx.put("things", thing("a", "bob", 2, "two"));
            return null;
        });
        assertThat(new String(store.get("things", "a").value(), UTF_8)).isEqualTo("two");
        boolean inserted = store.write(tx -> tx.insert("things", thing("a", "carol", 3, "three")));
        assertThat(inserted).isFalse();
        assertThat(store.get("things", "a").index()).containsEntry("owner", "bob");
    }

    @Test
    void putAllPutsEachRowInOrderWhateverItsIndexColumns() {
        store.write(tx -> {
            tx.put("things", thing("a", "alice", 1, "old"));
            tx.putAll("things", java.util.List.of(
                    thing("a", "bob", 2, "replaced"),
                    new Row("b", Map.of("owner", "carol"), "no size".getBytes(UTF_8)),
                    thing("c", "dave", 4, "first"),
                    thing("c", "erin", 5, "second")));
            tx.putAll("things", java.util.List.of());
            return null;
        });
        assertThat(store.all("things")).extracting(row -> new String(row.value(), UTF_8))
                .containsExactly("replaced", "no size", "second");
        assertThat(store.get("things", "a").index()).containsEntry("owner", "bob");
        assertThat(((Number) store.get("things", "a").index().get("size")).longValue()).isEqualTo(2);
        assertThat(store.get("things", "b").index()).containsEntry("owner", "carol").doesNotContainKey("size");
    }

    @Test
    void findFiltersOnAnIndexColumnInIdOrder() {
        store.write(tx -> {
            tx.put("things", thing("c", "alice", 1, "x"));
            tx.put("things", thing("a", "alice", 1, "y"));
            tx.put("things", thing("b", "bob", 1, "z"));
            return null;
        });
        assertThat(store.find("things", "owner", "alice")).extracting(Row::id).containsExactly("a", "c");
        assertThat(store.all("things")).extracting(Row::id).containsExactly("a", "b", "c");
    }

    @Test
    void scanBackwardPagesNewestFirstWithinBounds() {
        store.write(tx -> {
            for (String id : java.util.List.of("0001-a", "0002-b", "0003-c", "0004-d", "0005-e")) {
                tx.put("things", thing(id, "alice", 1, id));
            }
            return null;
        });
        assertThat(store.scanBackward("things", "0002", "0005", false, 10)).extracting(Row::id)
                .containsExactly("0004-d", "0003-c", "0002-b");
        assertThat(store.scanBackward("things", "0000", "0004-d", true, 2)).extracting(Row::id)
                .containsExactly("0004-d", "0003-c");
        assertThat(store.scanBackward("things", "0000", "0003-c", false, 5)).extracting(Row::id)
                .containsExactly("0002-b", "0001-a");
    }

    @Test
    void scanForwardReadsOldestFirstAfterAnIdAndDeleteThroughTrimsTheHead() {
        store.write(tx -> {
            for (String id : java.util.List.of("0003", "0001", "0002", "0010", "0004")) {
                tx.put("things", thing(id, "alice", 1, id));
            }
            return null;
        });
        assertThat(store.scanForward("things", "0001", 3)).extracting(Row::id).containsExactly("0002", "0003", "0004");
        assertThat(store.scanForward("things", "", 2)).extracting(Row::id).containsExactly("0001", "0002");
        int deleted = store.write(tx -> tx.deleteThrough("things", "0003"));
        assertThat(deleted).isEqualTo(3);
        assertThat(store.all("things")).extracting(Row::id).containsExactly("0004", "0010");
    }

    @Test
    void aFailedTransactionChangesNothing() {
        store.write(tx -> {
            tx.put("things", thing("a", "alice", 1, "one"));
            return null;
        });
        assertThatThrownBy(() -> store.write(tx -> {
            tx.delete("things", "a");
            tx.put("things", thing("b", "bob", 1, "two"));
            throw new IllegalStateException("abort");
        })).hasMessage("abort");
        assertThat(store.get("things", "a")).isNotNull();
        assertThat(store.get("things", "b")).isNull();
    }

    @Test
    void deleteReportsWhetherARowWent() {
        store.write(tx -> tx.insert("things", thing("a", "alice", 1, "one")));
        boolean first = store.write(tx -> tx.delete("things", "a"));
        boolean second = store.write(tx -> tx.delete("things", "a"));
        assertThat(first).isTrue();
        assertThat(second).isFalse();
    }

    @Test
    void unsafeNamesAreRefused() {
        assertThatThrownBy(() -> store.get("things; DROP TABLE things", "a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.find("things", "owner = owner OR 1", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void migrationsAreIdempotent() {
        store.write(tx -> tx.insert("things", thing("a", "alice", 1, "one")));
        Store again = database.migrate("contract");
        assertThat(again.get("things", "a")).isNotNull();
        assertThat(database.ready()).isTrue();
    }
}
