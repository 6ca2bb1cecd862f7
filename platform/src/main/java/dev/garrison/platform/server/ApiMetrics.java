package dev.garrison.platform.server;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/** Request counts and latency histograms per service, operation and status, in Prometheus format. */
public final class ApiMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    void record(String service, String operation, int status, Duration elapsed) {
        Timer.builder("garrison_api_requests")
                .description("API requests by service, operation and HTTP status")
                .tag("service", service)
                .tag("operation", operation)
                .tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .register(registry)
                .record(elapsed);
    }

    /** The scrape text for {@code GET /metrics}. */
    public String scrape() {
        return registry.scrape();
    }
}
