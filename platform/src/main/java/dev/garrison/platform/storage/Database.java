package dev.garrison.platform.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;

/**
 * The database behind every store: embedded SQLite (WAL, {@code synchronous=FULL}, one writer) or
 * PostgreSQL. Each service migrates its own tables with Flyway from {@code db/NAME/} on the class path.
 */
public final class Database implements AutoCloseable {
    /** Which engine a database runs on. */
    public enum Kind { SQLITE, POSTGRESQL }

    private final HikariDataSource dataSource;
    private final Kind kind;
    private final ReentrantLock writer = new ReentrantLock();

    private Database(HikariDataSource dataSource, Kind kind) {
        this.dataSource = dataSource;
        this.kind = kind;
    }

    /** Opens (creating when absent) the SQLite database file. */
    public static Database sqlite(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        config.setMaximumPoolSize(4);
        config.setPoolName("garrison-sqlite");
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("synchronous", "FULL");
        config.addDataSourceProperty("busy_timeout", "10000");
        config.addDataSourceProperty("foreign_keys", "true");
        // Rows are keyed by their own ids; asking for generated keys costs a query per insert.
        config.addDataSourceProperty("jdbc.get_generated_keys", "false");
        config.setConnectionInitSql("PRAGMA synchronous=FULL");
        return new Database(new HikariDataSource(config), Kind.SQLITE);
    }

    /** Connects to PostgreSQL; {@code url} is {@code postgresql://user[:password]@host:port/db}. */
    public static Database postgresql(String url) {
        PostgresUrl parsed = PostgresUrl.parse(url);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(parsed.jdbcUrl());
        if (parsed.user() != null) {
            config.setUsername(parsed.user());
        }
        if (parsed.password() != null) {
            config.setPassword(parsed.password());
        }
        config.setMaximumPoolSize(8);
        config.setPoolName("garrison-postgresql");
        return new Database(new HikariDataSource(config), Kind.POSTGRESQL);
    }

    public Kind kind() {
        return kind;
    }

    /**
     * Applies the migrations of {@code db/NAME/} and returns the store over their tables. In the
     * SQL, {@code ${blob}} is the engine's binary type.
     */
    public Store migrate(String name) {
        Flyway.configure(Database.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/" + name)
                .table("flyway_history_" + name)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .placeholders(java.util.Map.of("blob", kind == Kind.SQLITE ? "BLOB" : "BYTEA"))
                .load()
                .migrate();
        return new JdbcStore(this);
    }

    /** Whether the database answers a trivial query. */
    public boolean ready() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** SQLite allows one writer; PostgreSQL serialises through its own locks. */
    ReentrantLock writerLock() {
        return writer;
    }

    @Override
    public void close() {
        if (kind == Kind.SQLITE) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            } catch (SQLException e) {
                // the WAL is replayed on the next open; nothing is lost
            }
        }
        dataSource.close();
    }
}
