package dev.garrison.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A throw-away PostgreSQL cluster on a free loopback port, from Debian's packages, for the test suite. */
final class TestPostgres implements AutoCloseable {
    private final Path bin;
    private final Path data;
    private final int port;
    private final boolean asPostgresUser;

    private TestPostgres(Path bin, Path data, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.data = data;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    static TestPostgres start() throws IOException, InterruptedException {
        Path bin;
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            bin = versions.max(Comparator.comparing(p -> Integer.parseInt(p.getFileName().toString())))
                    .orElseThrow(() -> new IOException("no PostgreSQL under /usr/lib/postgresql"))
                    .resolve("bin");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path data = Files.createTempDirectory("garrison-test-pg");
        if (root) {
            exec(List.of("chown", "postgres:postgres", data.toString()), false);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        TestPostgres postgres = new TestPostgres(bin, data, port, root);
        exec(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "postgres", "-E", "UTF8"), root);
        exec(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-l", data.resolve("server.log").toString(),
                "-o", "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1 -c fsync=on", "start"), root);
        return postgres;
    }

    String url() {
        return "postgresql://postgres@127.0.0.1:" + port + "/postgres";
    }

    private static void exec(List<String> command, boolean asPostgresUser) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + output);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        exec(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"), asPostgresUser);
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
