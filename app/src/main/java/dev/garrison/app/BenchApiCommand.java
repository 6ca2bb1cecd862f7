package dev.garrison.app;

import dev.garrison.bench.ApiBenchmark;
import dev.garrison.bench.BenchTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code garrison bench api}: the front door's signed-call path (SigV4, routing, validation)
 * against the health endpoint on one throw-away server. Authorization and audit are switched
 * off here, as the call is meant to do nothing else; {@code garrison bench authz} measures them.
 */
@Command(name = "api", description = "Signed JSON 1.1 call vs GET /_garrison/health: requests/s and p50/p99 latency.",
        mixinStandardHelpOptions = true)
final class BenchApiCommand implements Callable<Integer> {
    @Mixin
    BenchOptions options;

    @Override
    public Integer call() throws Exception {
        Path dataDir = Files.createTempDirectory("garrison-bench");
        try {
            GarrisonConfig config = GarrisonConfig.load(null, Map.of(), Map.of("port", "0", "data-dir", dataDir.toString()));
            try (GarrisonServer server = GarrisonServer.start(config, Clock.systemUTC(), null, false)) {
                BenchTarget target = new BenchTarget("127.0.0.1", server.port(), AdminBootstrap.REGION,
                        server.admin().accessKeyId(), AdminBootstrap.secretFromCredentialsFile(dataDir));
                new ApiBenchmark(target, options.settings()).run(System.out);
            }
            return 0;
        } finally {
            TempFolders.deleteTree(dataDir);
        }
    }
}
