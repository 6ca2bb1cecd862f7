package dev.garrison.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What one load phase measured: completed requests, failures, answers by status, latency percentiles. */
public record LoadResult(String label, int connections, long requests, long failures, double seconds,
        Map<Integer, Long> statuses, double p50Millis, double p99Millis) {
    public LoadResult {
        statuses = Map.copyOf(statuses);
    }

    public double requestsPerSecond() {
        return requests / seconds;
    }

    /** The answers by status, as {@code 200 x 1234, 501 x 5}. */
    public String statusSummary() {
        if (statuses.isEmpty()) {
            return "none";
        }
        return new TreeMap<>(statuses).entrySet().stream()
                .map(e -> e.getKey() + " x " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
