package dev.garrison.bench;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code garrison bench authz}: policy evaluations per second for the {@link BenchPolicies}
 * principal, then the same signed call from that principal against two servers started in the
 * same run, one with authorization and durable audit and one with both switched off.
 */
public final class AuthzBenchmark {
    private final BenchTarget full;
    private final BenchTarget bare;
    private final ApiBenchmark.Settings settings;

    /** {@code full} authorizes and audits; {@code bare} is the benchmark-only server that does neither. */
    public AuthzBenchmark(BenchTarget full, BenchTarget bare, ApiBenchmark.Settings settings) {
        this.full = full;
        this.bare = bare;
        this.settings = settings;
    }

    public void run(PrintStream out) throws Exception {
        out.printf("garrison bench authz: a principal with %d attached policies of %d statements each%n",
                BenchPolicies.POLICIES, BenchPolicies.STATEMENTS);
        double evaluations = EvaluationBenchmark.run(settings.warmup(), settings.measure());
        out.printf("policy evaluations: %.0f per second on one thread (%.1f us each)%n%n", evaluations, 1e6 / evaluations);
        out.printf("signed %s; without = authorization and audit switched off; measured %d s each in %d alternating turns%n",
                SignedCalls.TARGET, settings.measure().toSeconds(), Turns.COUNT);
        out.printf("%5s | %10s %8s %8s | %10s %8s %8s | %s%n",
                "conns", "without/s", "p50 ms", "p99 ms", "with/s", "p50 ms", "p99 ms", "with/without");
        try (LoadGenerator load = new LoadGenerator(2)) {
            load.warm(bare.host(), bare.port(), List.of(SignedCalls.generateRandom(bare, "warm")),
                    settings.connections().getLast(), settings.warmup());
            load.warm(full.host(), full.port(), List.of(SignedCalls.generateRandom(full, "warm")),
                    settings.connections().getLast(), settings.warmup());
            for (int connections : settings.connections()) {
                List<LoadResult> results = load.runInTurns(List.of(
                        new LoadGenerator.Side(bare.host(), bare.port(), () -> SignedCalls.generateRandom(bare, "without")),
                        new LoadGenerator.Side(full.host(), full.port(), () -> SignedCalls.generateRandom(full, "with"))),
                        connections, settings.warmup(), settings.measure());
                LoadResult without = results.get(0);
                LoadResult with = results.get(1);
                Rows.pair(out, connections, without, with);
                out.printf("      | authorization + audit add %.2f ms at p50%n", with.p50Millis() - without.p50Millis());
            }
        }
    }
}
