package dev.garrison.waf;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * One log group's file, {@code NAME.log}, rotated by size: once it holds {@code maxBytes} it
 * becomes {@code NAME.log.1} (the older ones shift to {@code .2} and on, the oldest beyond
 * {@code keep} is deleted) and a new file starts. Written by one thread.
 */
final class LogFile implements AutoCloseable {
    private final Path path;
    private final long maxBytes;
    private final int keep;
    private BufferedWriter out;
    private long size;

    LogFile(Path path, long maxBytes, int keep) throws IOException {
        this.path = path;
        this.maxBytes = maxBytes;
        this.keep = keep;
        open();
    }

    private void open() throws IOException {
        Files.createDirectories(path.getParent());
        out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(path);
    }

    /** Appends one record as a line, rotating first when the file is full. */
    void append(String record) throws IOException {
        long bytes = record.getBytes(StandardCharsets.UTF_8).length + 1;
        if (size > 0 && size + bytes > maxBytes) {
            rotate();
        }
        out.write(record);
        out.write('\n');
        size += bytes;
    }

    void flush() throws IOException {
        out.flush();
    }

    private void rotate() throws IOException {
        out.close();
        Files.deleteIfExists(rotated(keep));
        for (int i = keep - 1; i >= 1; i--) {
            if (Files.exists(rotated(i))) {
                Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(path, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    private Path rotated(int generation) {
        return path.resolveSibling(path.getFileName() + "." + generation);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
