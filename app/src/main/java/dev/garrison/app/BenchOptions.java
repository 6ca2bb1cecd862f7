package dev.garrison.app;

import dev.garrison.bench.ApiBenchmark;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every load benchmark takes. */
final class BenchOptions {
    @Option(names = "--connections", split = ",", description = "connection counts (default 1,16,64)")
    List<Integer> connections = List.of(1, 16, 64);

    @Option(names = "--warmup", description = "warm-up seconds per phase (default 5)")
    int warmupSeconds = 5;

    @Option(names = "--duration", description = "measured seconds per phase (default 15)")
    int durationSeconds = 15;

    ApiBenchmark.Settings settings() {
        return new ApiBenchmark.Settings(connections, Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(durationSeconds));
    }
}
