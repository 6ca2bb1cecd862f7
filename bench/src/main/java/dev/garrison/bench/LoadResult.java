package dev.garrison.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * What one load phase measured: completed requests, failures, answers by status, and the latency
 * of each answer (nanoseconds; the histogram is the result's own, not to be changed).
 */
public record LoadResult(String label, int connections, long requests, long failures, double seconds,
        Map<Integer, Long> statuses, Histogram latencies) {
    public LoadResult {
        statuses = Map.copyOf(statuses);
    }

    /** The phases measured in turns as one: their requests, seconds and latencies added up. */
    public static LoadResult merge(List<LoadResult> turns) {
        Histogram latencies = new Histogram(3);
        Map<Integer, Long> statuses = new HashMap<>();
        long requests = 0;
        long failures = 0;
        double seconds = 0;
        for (LoadResult turn : turns) {
            latencies.add(turn.latencies());
            turn.statuses().forEach((status, count) -> statuses.merge(status, count, Long::sum));
            requests += turn.requests();
            failures += turn.failures();
            seconds += turn.seconds();
        }
        LoadResult first = turns.getFirst();
        return new LoadResult(first.label(), first.connections(), requests, failures, seconds, statuses, latencies);
    }

    public double requestsPerSecond() {
        return requests / seconds;
    }

    public double p50Millis() {
        return latencies.getValueAtPercentile(50) / 1e6;
    }

    public double p99Millis() {
        return latencies.getValueAtPercentile(99) / 1e6;
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
