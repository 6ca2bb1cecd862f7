package dev.garrison.platform.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Request counts and latency histograms per service, operation and status, in Prometheus format. */
public final class ApiMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Registered timers by tags: looking one up in the registry on every request costs more than the recording. */
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

    private record Key(String service, String operation, int status) {}

    void record(String service, String operation, int status, Duration elapsed) {
        Key tags = new Key(service, operation, status);
        Timer timer = timers.get(tags);
        if (timer == null) {
            timer = timers.computeIfAbsent(tags, key -> Timer.builder("garrison_api_requests")
                    .description("API requests by service, operation and HTTP status")
                    .tag("service", key.service())
                    .tag("operation", key.operation())
                    .tag("status", Integer.toString(key.status()))
                    .publishPercentileHistogram()
                    .register(registry));
        }
        timer.record(elapsed);
    }

    /** The registry other components add their meters to, so {@code GET /metrics} shows them too. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The scrape text for {@code GET /metrics}. */
    public String scrape() {
        return registry.scrape();
    }
}
