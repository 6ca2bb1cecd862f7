package dev.garrison.platform.storage;

import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A service's view of storage: its own tables, each with an {@code id}, plaintext index columns
 * and a {@code value} blob. Writes are durable when {@link #write} returns.
 */
public interface Store {
    /** The row with this id, or null. */
    @Nullable Row get(String table, String id);

    /** Rows whose index column equals {@code value}, ordered by id. */
    List<Row> find(String table, String column, Object value);

    /** Every row of the table, ordered by id. */
    List<Row> all(String table);

    /**
     * Up to {@code limit} rows with {@code low <= id} and {@code id < high} (or {@code <=} when
     * {@code highInclusive}), newest id first; ids compare byte by byte on every engine.
     */
    List<Row> scanBackward(String table, String low, String high, boolean highInclusive, int limit);

    /** Up to {@code limit} rows with {@code id > after}, oldest id first; ids compare byte by byte. */
    List<Row> scanForward(String table, String after, int limit);

    /** Runs {@code work} in one transaction and commits it durably before returning its result. */
    <T> T write(Function<WriteTransaction, T> work);

    /** The operations of a write transaction. */
    interface WriteTransaction {
        @Nullable Row get(String table, String id);

        /** Inserts or replaces the row with the same id. */
        void put(String table, Row row);

        /** Puts each row as {@link #put} does, sending them to the database in batches. */
        void putAll(String table, List<Row> rows);

        /** Inserts a row; false when one with the same id exists (nothing changes then). */
        boolean insert(String table, Row row);

        /** Deletes the row; false when there was none. */
        boolean delete(String table, String id);

        /** Deletes every row with {@code id <= high} (byte order); returns how many. */
        int deleteThrough(String table, String high);
    }
}
