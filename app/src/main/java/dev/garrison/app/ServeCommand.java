package dev.garrison.app;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code garrison serve}: every service on one port, state under the data folder. */
@Command(name = "serve", description = "Run every service on one port (default http://127.0.0.1:4566).", mixinStandardHelpOptions = true)
final class ServeCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--host", description = "listen address (default 127.0.0.1)")
    String host;

    @Option(names = "--port", description = "API port (default 4566)")
    String port;

    @Option(names = "--data-dir", description = "state folder (default ./garrison-data)")
    String dataDir;

    @Option(names = "--account-id", description = "12-digit account id created on first start")
    String accountId;

    @Option(names = "--db", description = "postgresql://user:password@host:port/database instead of embedded SQLite")
    String db;

    @Option(names = "--config", description = "YAML configuration file (default ./garrison.yaml when present)")
    Path config;

    @Option(names = "--protect", description = "put a WAF in front of this upstream URL (with --listen)")
    String protect;

    @Option(names = "--listen", description = "the port the load balancer for --protect listens on")
    String listen;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        Map<String, String> flags = new LinkedHashMap<>();
        put(flags, "host", host);
        put(flags, "port", port);
        put(flags, "data-dir", dataDir);
        put(flags, "account-id", accountId);
        put(flags, "db", db);
        put(flags, "protect", protect);
        put(flags, "listen", listen);
        GarrisonConfig settings;
        try {
            settings = GarrisonConfig.load(config, System.getenv(), flags);
        } catch (GarrisonConfig.ConfigException e) {
            System.err.println("garrison: invalid configuration: " + e.getMessage());
            return 2;
        }
        GarrisonServer server = GarrisonServer.start(settings, Clock.systemUTC(), System.getenv(
                settings.rootKeyToken() != null ? "GARRISON_ROOT_PIN" : "GARRISON_ROOT_PASSPHRASE"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "garrison-shutdown"));
        String endpoint = (settings.tls() == null ? "http://" : "https://")
                + (settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host()) + ":" + server.port();
        Path data = settings.dataDir().toAbsolutePath();
        System.out.printf("Garrison %s serving on %s (account %s, ready in %d ms)%n", Garrison.version(), endpoint,
                server.admin().accountId(), (System.nanoTime() - started) / 1_000_000);
        System.out.printf("  export AWS_SHARED_CREDENTIALS_FILE=%s AWS_CONFIG_FILE=%s%n",
                data.resolve("credentials"), data.resolve("config"));
        System.out.printf("  aws --profile %s --endpoint-url %s sts get-caller-identity%n", AdminBootstrap.PROFILE, endpoint);
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static void put(Map<String, String> flags, String key, String value) {
        if (value != null) {
            flags.put(key, value);
        }
    }
}
