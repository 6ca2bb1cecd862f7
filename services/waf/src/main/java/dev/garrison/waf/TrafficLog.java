package dev.garrison.waf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.garrison.api.wafv2.LoggingConfiguration;
import dev.garrison.platform.events.BusEvent;
import dev.garrison.platform.events.EventBus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what the web ACLs decided off the event loops: each request's AWS WAF log record to its
 * web ACL's log group (a file {@code <log group>.log} under the WAF log folder, one JSON record a
 * line, rotated at 64 MiB with four older files kept), and each block onto the event bus ({@code garrison.wafv2}, {@code WAF Request Blocked})
 * for rules to act on. Records wait in a queue bounded by count and by the size of the requests they
 * hold (without their bodies, which neither a record nor an event shows): when it is full they are
 * dropped and counted ({@code garrison_waf_log_records_dropped_total}) rather than slowing traffic.
 * Bounded by count alone (65,536), a writer falling behind a flood of blocked requests with 16 KB
 * of headers and 8 KB bodies could have held 1.5 GB of them.
 */
final class TrafficLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrafficLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Request headers no event carries, whatever the logging configuration redacts: they are the clients' secrets. */
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie");
    private static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    private static final int ROTATED_FILES = 4;

    /** How many chars of requests the queued records may hold together. */
    private static final long MAX_QUEUED_CHARS = 32L * 1024 * 1024;

    private final BoundedQueue<Traffic> queue = new BoundedQueue<>(65_536, MAX_QUEUED_CHARS);
    private final LoggingConfigurations logging;
    private final Path directory;
    private final EventBus bus;
    private final String account;
    private final String region;
    private final Counter dropped;
    private final GeoIp geo;
    private final Map<String, LogFile> files = new HashMap<>();
    private final Thread writer;
    private volatile boolean closed;

    TrafficLog(LoggingConfigurations logging, Path directory, EventBus bus, String account, String region,
            MeterRegistry registry, GeoIp geo) {
        this.logging = logging;
        this.geo = geo;
        this.directory = directory;
        this.bus = bus;
        this.account = account;
        this.region = region;
        this.dropped = Counter.builder("garrison_waf_log_records_dropped").description("WAF log records and events dropped"
                + " because the writer fell behind").register(registry);
        this.writer = Thread.ofPlatform().name("garrison-waf-log").daemon().start(this::run);
    }

    /** Whether the web ACL has a logging configuration (else only its blocks need the queue, for the bus). */
    boolean logs(String webAclArn) {
        return logging.of(webAclArn) != null;
    }

    /** Queues a request's record; never blocks. */
    void offer(Traffic traffic) {
        Traffic kept = traffic.withoutBody();
        if (!queue.offer(kept, chars(kept.request()))) {
            dropped.increment();
        }
    }

    /** About how many chars a request without its body holds. */
    private static long chars(WebRequest request) {
        long chars = 256 + request.path().length() + request.query().length();
        for (Map.Entry<String, String> header : request.headers()) {
            chars += 32 + header.getKey().length() + header.getValue().length();
        }
        return chars;
    }

    private void run() {
        List<Traffic> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Traffic first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 1023);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("writing {} WAF log records failed: {}", batch.size(), e.toString());
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Traffic> batch) {
        List<BusEvent> blocks = new ArrayList<>();
        Set<LogFile> touched = new HashSet<>();
        for (Traffic traffic : batch) {
            LoggingConfiguration config = logging.of(traffic.acl().arn);
            LogRedaction redaction = config == null || config.redactedFields() == null ? LogRedaction.NONE
                    : LogRedaction.of(config.redactedFields());
            if (config != null && LogFilter.keeps(config.loggingFilter(), traffic)) {
                LogFile file = file(LoggingConfigurations.logGroup(config.logDestinationConfigs().getFirst()));
                try {
                    file.append(JSON.writeValueAsString(WafLogRecord.of(traffic, redaction, country(traffic))));
                    touched.add(file);
                } catch (IOException e) {
                    LOG.error("writing a WAF log record failed: {}", e.toString());
                }
            }
            if (!traffic.verdict().allowed()) {
                blocks.add(event(traffic, redaction));
            }
        }
        for (LogFile file : touched) {
            try {
                file.flush();
            } catch (IOException e) {
                LOG.error("flushing a WAF log failed: {}", e.toString());
            }
        }
        if (!blocks.isEmpty()) {
            bus.publish(blocks);
        }
    }

    private String country(Traffic traffic) {
        return geo.country(traffic.request().clientIp());
    }

    private BusEvent event(Traffic traffic, LogRedaction redaction) {
        Set<String> headers = new HashSet<>(redaction.headers());
        headers.addAll(SECRET_HEADERS);
        ObjectNode detail = WafLogRecord.of(traffic, new LogRedaction(redaction.uriPath(), redaction.queryString(),
                redaction.method(), headers), country(traffic));
        return new BusEvent(traffic.requestId(), "garrison.wafv2", "WAF Request Blocked", traffic.time(), account, region,
                List.of(traffic.acl().arn), detail);
    }

    private LogFile file(String group) {
        return files.computeIfAbsent(group, g -> {
            try {
                return new LogFile(directory.resolve(g.replace('/', '_') + ".log"), MAX_FILE_BYTES, ROTATED_FILES);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Writes what is queued, then closes the files. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (LogFile file : files.values()) {
            try {
                file.close();
            } catch (IOException e) {
                LOG.warn("closing a WAF log failed: {}", e.toString());
            }
        }
    }
}
