package dev.garrison.app;

import dev.garrison.bench.ApiBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code garrison bench api}: the signed-call path against the health endpoint on one throw-away server. */
@Command(name = "api", description = "Signed JSON 1.1 call vs GET /_garrison/health: requests/s and p50/p99 latency.",
        mixinStandardHelpOptions = true)
final class BenchApiCommand implements Callable<Integer> {
    @Option(names = "--connections", split = ",", description = "connection counts (default 1,16,64)")
    List<Integer> connections = List.of(1, 16, 64);

    @Option(names = "--warmup", description = "warm-up seconds per phase (default 5)")
    int warmupSeconds = 5;

    @Option(names = "--duration", description = "measured seconds per phase (default 15)")
    int durationSeconds = 15;

    @Override
    public Integer call() throws Exception {
        Path dataDir = Files.createTempDirectory("garrison-bench");
        try {
            GarrisonConfig config = GarrisonConfig.load(null, Map.of(), Map.of("port", "0", "data-dir", dataDir.toString()));
            try (GarrisonServer server = GarrisonServer.start(config, Clock.systemUTC(), null)) {
                ApiBenchmark.Target target = new ApiBenchmark.Target("127.0.0.1", server.port(), AdminBootstrap.REGION,
                        server.admin().accessKeyId(), AdminBootstrap.secretFromCredentialsFile(dataDir));
                new ApiBenchmark(target, new ApiBenchmark.Settings(connections, Duration.ofSeconds(warmupSeconds),
                        Duration.ofSeconds(durationSeconds))).run(System.out);
            }
            return 0;
        } finally {
            TempFolders.deleteTree(dataDir);
        }
    }
}
