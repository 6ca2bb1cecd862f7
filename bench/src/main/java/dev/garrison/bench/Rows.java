package dev.garrison.bench;

import java.io.PrintStream;

/** The printed row of a side-by-side phase: anchor, measured, ratio, and what answered. */
final class Rows {
    private Rows() {}

    static void pair(PrintStream out, int connections, LoadResult anchor, LoadResult measured) {
        out.printf("%5d | %10.0f %8.2f %8.2f | %10.0f %8.2f %8.2f | %.0f%%%n", connections,
                anchor.requestsPerSecond(), anchor.p50Millis(), anchor.p99Millis(),
                measured.requestsPerSecond(), measured.p50Millis(), measured.p99Millis(),
                100 * measured.requestsPerSecond() / anchor.requestsPerSecond());
        out.printf("      | answers: %s %s (%d failed); %s %s (%d failed)%n", anchor.label(), anchor.statusSummary(),
                anchor.failures(), measured.label(), measured.statusSummary(), measured.failures());
    }
}
