package dev.garrison.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Runs {@code wrk} (Debian's package) against a URL with a request-mix script and reads its figures,
 * which a {@code done} function added to the script prints: the totals, and the latency at
 * {@link #QUANTILES} evenly spaced quantiles, from which a histogram is rebuilt so that runs made
 * in turns add up to true percentiles rather than an average of each run's.
 */
final class Wrk {
    /** How many quantiles of its latencies a run reports: each stands for that share of its requests. */
    static final int QUANTILES = 1000;
    private static final Pattern TOTALS = Pattern.compile(
            "^wrk-totals requests (\\d+) micros (\\d+) status (\\d+) connect (\\d+) read (\\d+) write (\\d+) timeout (\\d+)$",
            Pattern.MULTILINE);
    private static final Pattern QUANTILE = Pattern.compile("^wrk-quantile (\\d+) (\\d+)$", Pattern.MULTILINE);

    private Wrk() {}

    /** One run's figures, or several runs' added up; latencies in nanoseconds. */
    record Result(String label, long requests, double seconds, long non2xx, long socketErrors, Histogram latencies) {
        double requestsPerSecond() {
            return requests / seconds;
        }

        double p50Millis() {
            return latencies.getValueAtPercentile(50) / 1e6;
        }

        double p99Millis() {
            return latencies.getValueAtPercentile(99) / 1e6;
        }

        /** Runs made in turns as one. */
        static Result merge(List<Result> runs) {
            Histogram latencies = new Histogram(3);
            long requests = 0;
            long non2xx = 0;
            long errors = 0;
            double seconds = 0;
            for (Result run : runs) {
                latencies.add(run.latencies());
                requests += run.requests();
                non2xx += run.non2xx();
                errors += run.socketErrors();
                seconds += run.seconds();
            }
            return new Result(runs.getFirst().label(), requests, seconds, non2xx, errors, latencies);
        }
    }

    /** {@code script} with the {@code done} function whose report {@link #read} reads. */
    static String reporting(String script) {
        return script + """
                done = function(summary, latency, requests)
                  local e = summary.errors
                  io.write(string.format("wrk-totals requests %%d micros %%d status %%d connect %%d read %%d write %%d timeout %%d\\n",
                    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout))
                  for i = 0, %d do
                    io.write(string.format("wrk-quantile %%d %%d\\n", i, latency:percentile((i + 0.5) * 100 / %d)))
                  end
                end
                """.formatted(QUANTILES - 1, QUANTILES);
    }

    /** Runs wrk for {@code duration} (whole seconds, as wrk takes them) with a {@link #reporting} script. */
    static Result run(String label, String url, Path script, int connections, Duration duration) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t", Integer.toString(Math.min(2, connections)), "-c",
                Integer.toString(connections), "-d", Math.max(1, duration.toSeconds()) + "s", "-s", script.toString(), url));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("wrk failed: " + output);
        }
        return read(label, output);
    }

    /** The figures a {@link #reporting} script printed. */
    static Result read(String label, String output) throws IOException {
        Matcher totals = TOTALS.matcher(output);
        if (!totals.find()) {
            throw new IOException("wrk printed no totals: " + output);
        }
        long requests = Long.parseLong(totals.group(1));
        long socketErrors = 0;
        for (int g = 4; g <= 7; g++) {
            socketErrors += Long.parseLong(totals.group(g));
        }
        Histogram latencies = new Histogram(3);
        Matcher quantile = QUANTILE.matcher(output);
        int seen = 0;
        while (quantile.find()) {
            long i = Long.parseLong(quantile.group(1));
            // quantile i stands for the requests between i/Q and (i+1)/Q of the run, so they add up to all of them
            long count = requests * (i + 1) / QUANTILES - requests * i / QUANTILES;
            if (count > 0) {
                latencies.recordValueWithCount(Math.max(1, Long.parseLong(quantile.group(2))) * 1000, count);
            }
            seen++;
        }
        if (seen != QUANTILES) {
            throw new IOException("wrk printed " + seen + " of " + QUANTILES + " quantiles: " + output);
        }
        return new Result(label, requests, Long.parseLong(totals.group(2)) / 1e6, Long.parseLong(totals.group(3)),
                socketErrors, latencies);
    }
}
