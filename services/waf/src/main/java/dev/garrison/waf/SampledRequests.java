package dev.garrison.waf;

import dev.garrison.api.wafv2.CaptchaResponse;
import dev.garrison.api.wafv2.ChallengeResponse;
import dev.garrison.api.wafv2.GetSampledRequestsRequest;
import dev.garrison.api.wafv2.GetSampledRequestsResponse;
import dev.garrison.api.wafv2.HTTPHeader;
import dev.garrison.api.wafv2.HTTPRequest;
import dev.garrison.api.wafv2.Label;
import dev.garrison.api.wafv2.SampledHTTPRequest;
import dev.garrison.api.wafv2.TimeWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Samples of the requests each rule and web ACL decided on, for GetSampledRequests: the newest
 * 500 per metric name, kept three hours, as AWS WAF keeps them. Requests with the default action
 * are sampled under {@code Default_Action}; every request also under the web ACL's metric name.
 * Samples live in memory: a restart starts them afresh.
 */
final class SampledRequests {
    static final String DEFAULT_ACTION = "Default_Action";
    private static final int KEEP = 500;
    private static final Duration HORIZON = Duration.ofHours(3);

    private final Map<Metric, Kept> samples = new ConcurrentHashMap<>();
    private final Clock clock;
    private final GeoIp geo;

    /** Sampled requests name the client's country when {@code geo} has a country database. */
    SampledRequests(Clock clock, GeoIp geo) {
        this.clock = clock;
        this.geo = geo;
    }

    void record(Traffic decided) {
        // samples are kept for a while, so they leave the body behind: held, it outlived a young collection or two
        Traffic traffic = decided.withoutBody();
        WebAclPlan acl = traffic.acl();
        if (acl.visibility.sampled()) {
            add(acl.arn, acl.visibility.metricName(), traffic);
        }
        Verdict verdict = traffic.verdict();
        if (verdict.terminatingRuleType().equals("DEFAULT_ACTION")) {
            if (acl.visibility.sampled()) {
                add(acl.arn, DEFAULT_ACTION, traffic);
            }
        } else if (verdict.visibility().sampled()) {
            add(acl.arn, verdict.visibility().metricName(), traffic);
        }
        for (Verdict.Counted counted : verdict.counted()) {
            if (counted.rule().visibility().sampled()) {
                add(acl.arn, counted.rule().visibility().metricName(), traffic);
            }
        }
    }

    private void add(String acl, String metric, Traffic traffic) {
        samples.computeIfAbsent(new Metric(acl, metric), k -> new Kept()).add(traffic);
    }

    /** A web ACL's metric, or one of its rules'. */
    private record Metric(String acl, String name) {}

    /**
     * The last {@link #KEEP} requests sampled under one metric, in a ring the event loops write
     * without a lock: under one, a loop the system preempted while holding it stalled the other's
     * requests for milliseconds.
     */
    private static final class Kept {
        private final AtomicReferenceArray<Traffic> ring = new AtomicReferenceArray<>(KEEP);
        private final AtomicLong written = new AtomicLong();

        void add(Traffic traffic) {
            ring.set((int) (written.getAndIncrement() % KEEP), traffic);
        }

        /**
         * What the ring holds now, newest first: by time, and by when it was written among equal
         * times (a slot written meanwhile shows its newer request where an older one was).
         */
        List<Traffic> newestFirst() {
            long last = written.get() - 1;
            List<Traffic> kept = new ArrayList<>(KEEP);
            for (long at = last; at >= 0 && at > last - KEEP; at--) {
                Traffic traffic = ring.get((int) (at % KEEP));
                if (traffic != null) {
                    kept.add(traffic);
                }
            }
            kept.sort(Comparator.comparing(Traffic::time).reversed());
            return kept;
        }
    }

    /** The samples in the request's time window (its start no earlier than three hours ago), newest first. */
    GetSampledRequestsResponse sample(GetSampledRequestsRequest request) {
        Instant now = clock.instant();
        Instant start = request.timeWindow().startTime().isBefore(now.minus(HORIZON)) ? now.minus(HORIZON)
                : request.timeWindow().startTime();
        Instant end = request.timeWindow().endTime();
        if (!start.isBefore(end)) {
            throw WafErrors.invalid("EXPIRE_TIMESTAMP", "TimeWindow", "The start time must be before the end time.");
        }
        Kept kept = samples.get(new Metric(request.webAclArn(), request.ruleMetricName()));
        List<Traffic> inWindow = new ArrayList<>();
        for (Traffic t : kept == null ? List.<Traffic>of() : kept.newestFirst()) {
            if (!t.time().isBefore(start) && t.time().isBefore(end)) {
                inWindow.add(t);
            }
        }
        List<SampledHTTPRequest> out = inWindow.stream().limit(request.maxItems()).map(this::sampled).toList();
        return new GetSampledRequestsResponse((long) inWindow.size(), out, new TimeWindow(end, start));
    }

    private SampledHTTPRequest sampled(Traffic t) {
        Verdict verdict = t.verdict();
        List<HTTPHeader> headers = t.request().headers().stream().map(h -> new HTTPHeader(h.getKey(), h.getValue())).toList();
        String uri = t.request().path() + (t.request().query().isEmpty() ? "" : "?" + t.request().query());
        List<HTTPHeader> inserted = verdict.insertHeaders().isEmpty() ? null
                : verdict.insertHeaders().stream().map(h -> new HTTPHeader(h.getKey(), h.getValue())).toList();
        String country = geo.country(t.request().clientIp());
        return SampledHTTPRequest.builder()
                .request(new HTTPRequest(t.request().clientIpText(),
                        country.equals(GeoIp.UNKNOWN) ? null : country, t.httpVersion(), headers, t.request().method(), uri))
                .weight(1L).timestamp(t.time()).action(verdict.action())
                .ruleNameWithinRuleGroup(verdict.groupRuleId())
                .requestHeadersInserted(inserted).responseCodeSent(t.responseCode())
                .labels(verdict.labels().isEmpty() ? null : verdict.labels().stream().map(Label::new).toList())
                .captchaResponse(verdict.kind() == ActionPlan.Kind.CAPTCHA && verdict.tokenFailure() != null
                        ? CaptchaResponse.builder().responseCode(verdict.status()).failureReason(verdict.tokenFailure()).build()
                        : null)
                .challengeResponse(verdict.kind() == ActionPlan.Kind.CHALLENGE && verdict.tokenFailure() != null
                        ? ChallengeResponse.builder().responseCode(verdict.status()).failureReason(verdict.tokenFailure()).build()
                        : null)
                .build();
    }
}
