package dev.garrison.waf;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * A MaxMind-format database and the records of the addresses looked up in it lately. A client
 * sends many requests from one address, and a lookup walks the database's tree and decodes its
 * record anew each time, so the last record of each of 1,024 slots (chosen by the address's hash)
 * is kept; the slots are written without a lock, the last writer wins.
 */
final class GeoDatabase implements Closeable {
    private static final int SLOTS = 1024;

    private record Looked(byte[] address, @Nullable Map<?, ?> record) {}

    private final Reader reader;
    private final AtomicReferenceArray<Looked> recent = new AtomicReferenceArray<>(SLOTS);

    private GeoDatabase(Reader reader) {
        this.reader = reader;
    }

    /**
     * Opens {@code file}, refusing it with a message that names its configuration key and the file
     * when it is not a MaxMind database whose type contains {@code kind} or {@code otherKind}.
     */
    static GeoDatabase open(Path file, String key, String wanted, String kind, String otherKind) throws IOException {
        Reader reader;
        try {
            reader = new Reader(file.toFile(), new CHMCache());
        } catch (IOException | RuntimeException e) {
            throw new IOException(key + ": " + file + " is not a MaxMind database (" + e.getMessage() + ")", e);
        }
        String type = reader.getMetadata().getDatabaseType();
        if (!type.contains(kind) && !type.contains(otherKind)) {
            reader.close();
            throw new IOException(key + ": " + file + " is a " + type + " database, not " + wanted + " database");
        }
        return new GeoDatabase(reader);
    }

    /** The record of the address (4 or 16 bytes), or null when the database has none. */
    @Nullable Map<?, ?> lookup(byte[] address) {
        int slot = Arrays.hashCode(address) & (SLOTS - 1);
        Looked looked = recent.get(slot);
        if (looked != null && Arrays.equals(looked.address(), address)) {
            return looked.record();
        }
        Map<?, ?> record;
        try {
            record = reader.get(InetAddress.getByAddress(address), Map.class);
        } catch (UnknownHostException | IllegalArgumentException e) {
            record = null; // an IPv6 address in an IPv4-only database is not in it
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        recent.set(slot, new Looked(address.clone(), record));
        return record;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
