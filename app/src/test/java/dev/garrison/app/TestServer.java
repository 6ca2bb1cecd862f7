package dev.garrison.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Boots Garrison in-process on a free port with a fresh data folder. */
final class TestServer implements AutoCloseable {
    final Path dataDir;
    final GarrisonServer server;
    final String secret;

    private TestServer(Path dataDir, GarrisonServer server, String secret) {
        this.dataDir = dataDir;
        this.server = server;
        this.secret = secret;
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
        Path dir = Files.createTempDirectory("garrison-it");
        Map<String, String> flags = new java.util.HashMap<>(
                Map.of("port", "0", "data-dir", dir.toString(), "account-id", "123456789012"));
        flags.putAll(settings);
        GarrisonConfig config = GarrisonConfig.load(null, Map.of(), flags);
        GarrisonServer server = GarrisonServer.start(config, clock, null);
        return new TestServer(dir, server, AdminBootstrap.secretFromCredentialsFile(dir));
    }

    java.net.URI endpoint() {
        return java.net.URI.create("http://127.0.0.1:" + server.port());
    }

    StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(server.admin().accessKeyId(), secret));
    }

    @Override
    public void close() {
        server.close();
    }
}
