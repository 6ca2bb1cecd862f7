package dev.garrison.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * {@code garrison bench api}: a SigV4-signed JSON 1.1 call that does nothing beside
 * authentication, routing and validation, side by side with {@code GET /_garrison/health} on
 * the same server, at each connection count, measured in alternating turns.
 */
public final class ApiBenchmark {
    /** How long and how wide to run. */
    public record Settings(List<Integer> connections, Duration warmup, Duration measure) {
        public Settings {
            connections = List.copyOf(connections);
        }
    }

    private final BenchTarget target;
    private final Settings settings;

    public ApiBenchmark(BenchTarget target, Settings settings) {
        this.target = target;
        this.settings = settings;
    }

    /** Runs every phase and prints one row per connection count. */
    public void run(PrintStream out) throws Exception {
        out.printf("garrison bench api: signed JSON 1.1 %s (SigV4, routing, validation; authorization and audit"
                + " off, see bench authz) vs GET /_garrison/health%n", SignedCalls.TARGET);
        out.printf("warm-up %d s, measured %d s per phase in %d alternating turns%n%n", settings.warmup().toSeconds(),
                settings.measure().toSeconds(), Turns.COUNT);
        out.printf("%5s | %10s %8s %8s | %10s %8s %8s | %s%n",
                "conns", "health/s", "p50 ms", "p99 ms", "signed/s", "p50 ms", "p99 ms", "signed/health");
        try (LoadGenerator load = new LoadGenerator(2)) {
            load.warm(target.host(), target.port(), List.of(SignedCalls.health(), SignedCalls.generateRandom(target, "warm")),
                    settings.connections().getLast(), settings.warmup());
            for (int connections : settings.connections()) {
                List<LoadResult> results = load.runInTurns(List.of(
                        new LoadGenerator.Side(target.host(), target.port(), SignedCalls::health),
                        new LoadGenerator.Side(target.host(), target.port(), () -> SignedCalls.generateRandom(target, "signed"))),
                        connections, settings.warmup(), settings.measure());
                LoadResult health = results.get(0);
                LoadResult signed = results.get(1);
                Rows.pair(out, connections, health, signed);
            }
        }
    }
}
