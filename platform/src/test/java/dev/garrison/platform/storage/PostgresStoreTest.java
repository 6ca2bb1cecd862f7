package dev.garrison.platform.storage;

import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;

/**
 * The storage contract on PostgreSQL: {@code garrison test} starts one and passes its URL in
 * {@code GARRISON_TEST_POSTGRES_URL}. Each test gets a database of its own.
 */
class PostgresStoreTest extends StoreContract {
    @Override
    Database open() throws Exception {
        String url = System.getenv("GARRISON_TEST_POSTGRES_URL");
        if (url == null) {
            throw new IllegalStateException("GARRISON_TEST_POSTGRES_URL is not set: run the suite with ./garrison test");
        }
        String name = "contract_" + UUID.randomUUID().toString().replace("-", "");
        try (Database admin = Database.postgresql(url); Connection c = admin.connection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return Database.postgresql(url.substring(0, url.lastIndexOf('/') + 1) + name);
    }
}
