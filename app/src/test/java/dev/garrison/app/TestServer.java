package dev.garrison.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Boots Garrison in-process on a free port with a fresh data folder. */
final class TestServer implements AutoCloseable {
    /**
     * The data folders made here, removed when the test JVM exits rather than when a server
     * closes: tests read a closed server's files, or start another over them.
     */
    private static final Set<Path> FOLDERS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> FOLDERS.forEach(folder -> {
            try {
                TempFolders.deleteTree(folder);
            } catch (IOException e) {
                // one folder that will not go must not keep the others
                System.err.println("could not remove the test data folder " + folder + ": " + e);
            }
        })));
    }

    final Path dataDir;
    final GarrisonServer server;
    final String secret;
    private final GarrisonConfig config;
    private final Clock clock;

    private TestServer(Path dataDir, GarrisonServer server, String secret, GarrisonConfig config, Clock clock) {
        this.dataDir = dataDir;
        this.server = server;
        this.secret = secret;
        this.config = config;
        this.clock = clock;
    }

    static TestServer start() throws Exception {
        return start(Map.of());
    }

    /** Starts with {@code settings} (configuration keys) over the test defaults. */
    static TestServer start(Map<String, String> settings) throws Exception {
        return start(settings, Clock.systemUTC());
    }

    /** Starts on {@code clock}, which tests may move. */
    static TestServer start(Map<String, String> settings, Clock clock) throws Exception {
        return start(settings, null, clock);
    }

    /** Starts with {@code yaml} as the configuration file (for what only the file can set), then {@code settings}. */
    static TestServer start(Map<String, String> settings, String yaml, Clock clock) throws Exception {
        Path dir = Files.createTempDirectory("garrison-it");
        FOLDERS.add(dir);
        Path file = null;
        if (yaml != null) {
            file = dir.resolve("garrison.yaml");
            Files.writeString(file, yaml);
        }
        Map<String, String> flags = new java.util.HashMap<>(
                Map.of("port", "0", "data-dir", dir.toString(), "account-id", "123456789012"));
        flags.putAll(settings);
        GarrisonConfig config = GarrisonConfig.load(file, Map.of(), flags);
        GarrisonServer server = GarrisonServer.start(config, clock, null);
        return new TestServer(dir, server, AdminBootstrap.secretFromCredentialsFile(dir), config, clock);
    }

    /** Stops this server and starts another over the same data folder and configuration, on a new port. */
    TestServer restart() throws Exception {
        server.close();
        return new TestServer(dataDir, GarrisonServer.start(config, clock, null), secret, config, clock);
    }

    /** The API's URL: HTTPS to {@code localhost} (the test certificates' name) when it serves TLS. */
    java.net.URI endpoint() {
        return java.net.URI.create((config.tls() == null ? "http://127.0.0.1:" : "https://localhost:") + server.port());
    }

    StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(server.admin().accessKeyId(), secret));
    }

    @Override
    public void close() {
        server.close();
    }
}
