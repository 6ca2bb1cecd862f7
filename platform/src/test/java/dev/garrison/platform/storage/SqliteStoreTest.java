package dev.garrison.platform.storage;

import java.nio.file.Files;

/** The storage contract on embedded SQLite. */
class SqliteStoreTest extends StoreContract {
    @Override
    Database open() throws Exception {
        return Database.sqlite(Files.createTempDirectory("garrison-sqlite").resolve("test.db"));
    }
}
