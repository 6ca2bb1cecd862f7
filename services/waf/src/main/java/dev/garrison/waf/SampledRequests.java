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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

    private final Map<String, Deque<Traffic>> samples = new ConcurrentHashMap<>();
    private final Clock clock;
    private final GeoIp geo;

    /** Sampled requests name the client's country when {@code geo} has a country database. */
    SampledRequests(Clock clock, GeoIp geo) {
        this.clock = clock;
        this.geo = geo;
    }

    void record(Traffic traffic) {
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
        Deque<Traffic> kept = samples.computeIfAbsent(acl + "\n" + metric, k -> new ArrayDeque<>());
        synchronized (kept) {
            kept.addLast(traffic);
            if (kept.size() > KEEP) {
                kept.removeFirst();
            }
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
        Deque<Traffic> kept = samples.getOrDefault(request.webAclArn() + "\n" + request.ruleMetricName(), new ArrayDeque<>());
        List<Traffic> inWindow = new ArrayList<>();
        synchronized (kept) {
            kept.descendingIterator().forEachRemaining(t -> {
                if (!t.time().isBefore(start) && t.time().isBefore(end)) {
                    inWindow.add(t);
                }
            });
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
