package dev.garrison.waf;

import dev.garrison.api.wafv2.VisibilityConfig;

/** A rule's or web ACL's {@code VisibilityConfig}: its metric name, and whether it has metrics and samples. */
record Visibility(String metricName, boolean metrics, boolean sampled) {
    static Visibility of(VisibilityConfig config) {
        return new Visibility(config.metricName(), Boolean.TRUE.equals(config.cloudWatchMetricsEnabled()),
                Boolean.TRUE.equals(config.sampledRequestsEnabled()));
    }
}
