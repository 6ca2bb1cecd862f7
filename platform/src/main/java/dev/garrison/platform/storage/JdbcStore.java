package dev.garrison.platform.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** A {@link Store} over JDBC; table and column names are checked against a strict pattern before use. */
final class JdbcStore implements Store {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final Database database;

    JdbcStore(Database database) {
        this.database = database;
    }

    @Override
    public @Nullable Row get(String table, String id) {
        try (Connection c = database.connection()) {
            return get(c, table, id);
        } catch (SQLException e) {
            throw new StorageException("reading " + table, e);
        }
    }

    @Override
    public List<Row> find(String table, String column, Object value) {
        return query("SELECT * FROM " + name(table) + " WHERE " + name(column) + " = ? ORDER BY id",
                s -> s.setObject(1, value));
    }

    @Override
    public List<Row> all(String table) {
        return query("SELECT * FROM " + name(table) + " ORDER BY id", s -> { });
    }

    @Override
    public List<Row> scanBackward(String table, String low, String high, boolean highInclusive, int limit) {
        String id = byteOrderedId(database);
        String sql = "SELECT * FROM " + name(table) + " WHERE " + id + " >= ? AND " + id + (highInclusive ? " <= ?" : " < ?")
                + " ORDER BY " + id + " DESC LIMIT ?";
        return query(sql, s -> {
            s.setString(1, low);
            s.setString(2, high);
            s.setInt(3, limit);
        });
    }

    @Override
    public List<Row> scanForward(String table, String after, int limit) {
        String id = byteOrderedId(database);
        return query("SELECT * FROM " + name(table) + " WHERE " + id + " > ? ORDER BY " + id + " LIMIT ?", s -> {
            s.setString(1, after);
            s.setInt(2, limit);
        });
    }

    /** PostgreSQL compares text by the database's collation unless told otherwise; SQLite compares bytes. */
    private static String byteOrderedId(Database database) {
        return database.kind() == Database.Kind.POSTGRESQL ? "id COLLATE \"C\"" : "id";
    }

    /** Binds a query's parameters. */
    @FunctionalInterface
    private interface Parameters {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private List<Row> query(String sql, Parameters parameters) {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            parameters.bind(s);
            try (ResultSet rs = s.executeQuery()) {
                List<Row> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(row(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new StorageException("querying", e);
        }
    }

    private static @Nullable Row get(Connection c, String table, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM " + name(table) + " WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? row(rs) : null;
            }
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        Map<String, Object> index = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            String column = meta.getColumnName(i).toLowerCase(java.util.Locale.ROOT);
            if (!column.equals("id") && !column.equals("value")) {
                Object value = rs.getObject(i);
                if (value != null) {
                    index.put(column, value);
                }
            }
        }
        return new Row(rs.getString("id"), index, rs.getBytes("value"));
    }

    @Override
    public <T> T write(Function<WriteTransaction, T> work) {
        database.writerLock().lock();
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try (Transaction transaction = new Transaction(c, byteOrderedId(database))) {
                T result = work.apply(transaction);
                transaction.close();
                c.commit();
                return result;
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException("writing", e);
        } finally {
            database.writerLock().unlock();
        }
    }

    /** One transaction's statements, each prepared once however many rows it writes. */
    private static final class Transaction implements WriteTransaction, AutoCloseable {
        private final Connection connection;
        private final Map<String, PreparedStatement> prepared = new java.util.HashMap<>();
        private final String byteOrderedId;

        Transaction(Connection connection, String byteOrderedId) {
            this.connection = connection;
            this.byteOrderedId = byteOrderedId;
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement statement : prepared.values()) {
                statement.close();
            }
            prepared.clear();
        }

        @Override
        public @Nullable Row get(String table, String id) {
            try {
                return JdbcStore.get(connection, table, id);
            } catch (SQLException e) {
                throw new StorageException("reading " + table, e);
            }
        }

        @Override
        public void put(String table, Row row) {
            RowSql sql = RowSql.of(table, row.index().keySet());
            execute(sql.upsert(), row, sql.columns());
        }

        /** Consecutive rows with the same index columns share one statement and go as one batch. */
        @Override
        public void putAll(String table, List<Row> rows) {
            try {
                RowSql batched = null;
                PreparedStatement statement = null;
                for (Row row : rows) {
                    RowSql sql = RowSql.of(table, row.index().keySet());
                    if (sql != batched) {
                        if (statement != null) {
                            statement.executeBatch();
                        }
                        batched = sql;
                        statement = prepared(sql.upsert());
                    }
                    bind(statement, row, sql.columns());
                    statement.addBatch();
                }
                if (statement != null) {
                    statement.executeBatch();
                }
            } catch (SQLException e) {
                throw new StorageException("writing " + table, e);
            }
        }

        @Override
        public boolean insert(String table, Row row) {
            RowSql sql = RowSql.of(table, row.index().keySet());
            return execute(sql.insert(), row, sql.columns()) == 1;
        }

        @Override
        public boolean delete(String table, String id) {
            try (PreparedStatement s = connection.prepareStatement("DELETE FROM " + name(table) + " WHERE id = ?")) {
                s.setString(1, id);
                return s.executeUpdate() == 1;
            } catch (SQLException e) {
                throw new StorageException("deleting from " + table, e);
            }
        }

        @Override
        public int deleteThrough(String table, String high) {
            try (PreparedStatement s = connection.prepareStatement(
                    "DELETE FROM " + name(table) + " WHERE " + byteOrderedId + " <= ?")) {
                s.setString(1, high);
                return s.executeUpdate();
            } catch (SQLException e) {
                throw new StorageException("deleting from " + table, e);
            }
        }

        private int execute(String sql, Row row, List<String> columns) {
            try {
                PreparedStatement s = prepared(sql);
                bind(s, row, columns);
                return s.executeUpdate();
            } catch (SQLException e) {
                throw new StorageException("writing " + table(sql), e);
            }
        }

        private PreparedStatement prepared(String sql) throws SQLException {
            PreparedStatement s = prepared.get(sql);
            if (s == null) {
                s = connection.prepareStatement(sql);
                prepared.put(sql, s);
            }
            return s;
        }

        private static void bind(PreparedStatement s, Row row, List<String> columns) throws SQLException {
            for (int i = 0; i < columns.size(); i++) {
                String column = columns.get(i);
                Object value = switch (column) {
                    case "id" -> row.id();
                    case "value" -> row.value();
                    default -> row.index().get(column);
                };
                s.setObject(i + 1, value);
            }
        }

        private static String table(String sql) {
            return sql.split(" ")[2];
        }
    }

    /**
     * The statements that write a row of {@code table} with these index columns, built and
     * checked once per table and column set: rows are written far more often than shapes change.
     *
     * @param columns id, the index columns in name order, value: the order parameters bind in
     */
    private record RowSql(List<String> columns, String upsert, String insert) {
        private static final Map<String, Map<java.util.Set<String>, RowSql>> BUILT =
                new java.util.concurrent.ConcurrentHashMap<>();

        static RowSql of(String table, java.util.Set<String> indexColumns) {
            Map<java.util.Set<String>, RowSql> forTable =
                    BUILT.computeIfAbsent(table, t -> new java.util.concurrent.ConcurrentHashMap<>());
            RowSql sql = forTable.get(indexColumns);
            if (sql == null) {
                sql = build(table, indexColumns);
                forTable.putIfAbsent(java.util.Set.copyOf(indexColumns), sql);
            }
            return sql;
        }

        private static RowSql build(String table, java.util.Set<String> indexColumns) {
            List<String> columns = new ArrayList<>();
            columns.add("id");
            indexColumns.stream().sorted().forEach(column -> columns.add(name(column)));
            columns.add("value");
            String insert = "INSERT INTO " + name(table) + " (" + String.join(", ", columns) + ") VALUES ("
                    + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
            StringBuilder update = new StringBuilder();
            for (String column : columns.subList(1, columns.size())) {
                update.append(update.isEmpty() ? "" : ", ").append(column).append(" = EXCLUDED.").append(column);
            }
            return new RowSql(List.copyOf(columns), insert + " ON CONFLICT (id) DO UPDATE SET " + update,
                    insert + " ON CONFLICT (id) DO NOTHING");
        }
    }

    private static String name(String identifier) {
        if (!IDENTIFIER.matcher(identifier).matches()) {
            throw new IllegalArgumentException("not a table or column name: " + identifier);
        }
        return identifier;
    }
}
