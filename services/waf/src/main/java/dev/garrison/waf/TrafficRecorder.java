package dev.garrison.waf;

/** Where each decided request goes: its samples and metrics at once, its log record and block event queued. */
final class TrafficRecorder {
    private final SampledRequests samples;
    private final WafMetrics metrics;
    private final TrafficLog log;

    TrafficRecorder(SampledRequests samples, WafMetrics metrics, TrafficLog log) {
        this.samples = samples;
        this.metrics = metrics;
        this.log = log;
    }

    void record(Traffic traffic) {
        samples.record(traffic);
        metrics.record(traffic);
        if (!traffic.verdict().allowed() || log.logs(traffic.acl().arn)) {
            log.offer(traffic);
        }
    }
}
