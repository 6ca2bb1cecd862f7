package dev.garrison.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code wrk} (Debian's package) against a URL with a request-mix script and reads its figures. */
final class Wrk {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern ERRORS = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private Wrk() {}

    /** One run's figures. */
    record Result(String label, double requestsPerSecond, double p50Millis, double p99Millis, long non2xx, long socketErrors) {}

    static Result run(String label, String url, Path script, int connections, Duration duration) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t", Integer.toString(Math.min(2, connections)), "-c",
                Integer.toString(connections), "-d", duration.toSeconds() + "s", "--latency", "-s", script.toString(), url));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("wrk failed: " + output);
        }
        Matcher rate = RATE.matcher(output);
        if (!rate.find()) {
            throw new IOException("wrk printed no rate: " + output);
        }
        Map<String, Double> percentiles = new java.util.HashMap<>();
        Matcher p = PERCENTILE.matcher(output);
        while (p.find()) {
            double value = Double.parseDouble(p.group(2));
            percentiles.put(p.group(1), switch (p.group(3)) {
                case "us" -> value / 1000;
                case "s" -> value * 1000;
                default -> value;
            });
        }
        Matcher non2xx = NON_2XX.matcher(output);
        Matcher errors = ERRORS.matcher(output);
        long socketErrors = 0;
        if (errors.find()) {
            for (int g = 1; g <= 4; g++) {
                socketErrors += Long.parseLong(errors.group(g));
            }
        }
        return new Result(label, Double.parseDouble(rate.group(1)), percentiles.getOrDefault("50", Double.NaN),
                percentiles.getOrDefault("99", Double.NaN), non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, socketErrors);
    }
}
