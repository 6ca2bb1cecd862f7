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
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * Samples of the requests each rule and web ACL decided on, for GetSampledRequests, kept three
 * hours as AWS WAF keeps them. Requests with the default action are sampled under
 * {@code Default_Action}; every request also under the web ACL's metric name.
 *
 * <p>Each metric counts its requests second by second and keeps a uniform random sample of each
 * minute's: every request while the minute has seen no more than {@link #PER_MINUTE}, then a
 * reservoir of that many (Vitter's algorithm R), so a sample weighs how many of its minute's
 * requests it stands for. A window's samples so reach back to its start whatever the traffic, and
 * its population is counted exactly. Unlike AWS WAF, a window with more than 5,000 requests is
 * not cut short at its 5,000th: the samples and the population cover the whole window asked for.
 * A busy metric so keeps at most 18,100 requests, and a request is kept past a young collection
 * only when the sample takes it. Samples live in memory: a restart starts them afresh.
 */
final class SampledRequests {
    static final String DEFAULT_ACTION = "Default_Action";
    static final int PER_MINUTE = 100;
    private static final int HORIZON_SECONDS = 3 * 3600;
    /** The minutes of the horizon and the one under way. */
    private static final int MINUTES = HORIZON_SECONDS / 60 + 1;

    /** How many deleted web ACLs {@link #forgotten} remembers. */
    private static final int FORGOTTEN_KEPT = 1024;

    private final Map<Metric, Kept> samples = new ConcurrentHashMap<>();
    /**
     * The web ACLs most recently deleted: a request decided just before its web ACL's deletion is
     * recorded after it, and its samples (86 KB of rings a metric) must not come back with it.
     */
    private final Set<String> forgotten = ConcurrentHashMap.newKeySet();
    /** {@link #forgotten} in the order of deletion, the oldest let go first. */
    private final ArrayDeque<String> forgottenOrder = new ArrayDeque<>();
    private final Clock clock;
    private final GeoIp geo;

    /** Sampled requests name the client's country when {@code geo} has a country database. */
    SampledRequests(Clock clock, GeoIp geo) {
        this.clock = clock;
        this.geo = geo;
    }

    void record(Traffic decided) {
        WebAclPlan acl = decided.acl();
        Verdict verdict = decided.verdict();
        Traffic stored = null;
        if (acl.visibility.sampled()) {
            stored = add(acl.arn, acl.visibility.metricName(), decided, stored);
        }
        if (verdict.terminatingRuleType().equals("DEFAULT_ACTION")) {
            if (acl.visibility.sampled()) {
                stored = add(acl.arn, DEFAULT_ACTION, decided, stored);
            }
        } else if (verdict.visibility().sampled()) {
            stored = add(acl.arn, verdict.visibility().metricName(), decided, stored);
        }
        for (Verdict.Counted counted : verdict.counted()) {
            if (counted.rule().visibility().sampled()) {
                stored = add(acl.arn, counted.rule().visibility().metricName(), decided, stored);
            }
        }
    }

    /** Drops the samples of a web ACL and its rules (when the web ACL is deleted). */
    synchronized void forget(String webAclArn) {
        if (forgotten.add(webAclArn)) {
            forgottenOrder.add(webAclArn);
            if (forgottenOrder.size() > FORGOTTEN_KEPT) {
                forgotten.remove(forgottenOrder.poll());
            }
        }
        samples.keySet().removeIf(metric -> metric.acl().equals(webAclArn));
    }

    private @Nullable Traffic add(String acl, String metric, Traffic decided, @Nullable Traffic stored) {
        Metric key = new Metric(acl, metric);
        Traffic kept = samples.computeIfAbsent(key, k -> new Kept()).add(decided, stored);
        // looked at after the rings were had: a deletion between the two has marked the web ACL
        // forgotten before removing its rings, so the rings are gone one way or the other
        if (!forgotten.isEmpty() && forgotten.contains(acl)) {
            samples.remove(key);
        }
        return kept;
    }

    /** A web ACL's metric, or one of its rules'. */
    private record Metric(String acl, String name) {}

    /**
     * One metric's counts per second and samples per minute, in rings indexed by time that the
     * event loops write without a lock: under one, a loop the system preempted while holding it
     * stalled the other's requests for milliseconds.
     */
    private static final class Kept {
        /** Per second of the horizon: the epoch second in the high bits, its count in the low 24. */
        private final AtomicLongArray seconds = new AtomicLongArray(HORIZON_SECONDS);
        private final AtomicReferenceArray<Minute> minutes = new AtomicReferenceArray<>(MINUTES);

        /**
         * Counts {@code decided} and samples it. What is kept leaves the body behind (held, it
         * outlived a young collection or two): {@code stored} is the body-less copy an earlier
         * metric's sample made, or null; the copy is returned once one was made.
         */
        @Nullable Traffic add(Traffic decided, @Nullable Traffic stored) {
            long second = decided.time().getEpochSecond();
            int at = (int) Math.floorMod(second, HORIZON_SECONDS);
            while (true) {
                long was = seconds.get(at);
                if (was >>> 24 > second) {
                    break; // the slot has moved on to a later second: the clock went back by hours
                }
                long now = was >>> 24 == second ? was + 1 : second << 24 | 1;
                if (seconds.compareAndSet(at, was, now)) {
                    break;
                }
            }
            Minute minute = minute(Math.floorDiv(second, 60));
            long n = minute.seen.incrementAndGet();
            long slot = n <= PER_MINUTE ? n - 1 : ThreadLocalRandom.current().nextLong(n);
            if (slot < PER_MINUTE) {
                if (stored == null) {
                    stored = decided.withoutBody();
                }
                minute.kept.set((int) slot, stored);
            }
            return stored;
        }

        private Minute minute(long epochMinute) {
            int at = (int) Math.floorMod(epochMinute, MINUTES);
            while (true) {
                Minute current = minutes.get(at);
                if (current != null && current.epochMinute == epochMinute) {
                    return current;
                }
                if (current != null && current.epochMinute > epochMinute) {
                    return new Minute(epochMinute); // a request older than the horizon: counted nowhere that lasts
                }
                Minute fresh = new Minute(epochMinute);
                if (minutes.compareAndSet(at, current, fresh)) {
                    return fresh;
                }
            }
        }

        /** How many requests came in the seconds from {@code from} up to {@code to}, exclusive. */
        long count(long from, long to) {
            long total = 0;
            for (long second = from; second < to; second++) {
                long value = seconds.get((int) Math.floorMod(second, HORIZON_SECONDS));
                if (value >>> 24 == second) {
                    total += value & 0xffffff;
                }
            }
            return total;
        }

        /** The samples of the minutes from {@code from} to {@code to}, inclusive, with the weight of each. */
        List<Weighted> samples(long from, long to) {
            List<Weighted> out = new ArrayList<>();
            for (long epochMinute = from; epochMinute <= to; epochMinute++) {
                Minute minute = minutes.get((int) Math.floorMod(epochMinute, MINUTES));
                if (minute == null || minute.epochMinute != epochMinute) {
                    continue;
                }
                long seen = minute.seen.get();
                long weight = Math.max(1, Math.round((double) seen / Math.min(seen, PER_MINUTE)));
                for (int i = 0; i < PER_MINUTE; i++) {
                    Traffic traffic = minute.kept.get(i);
                    if (traffic != null) {
                        out.add(new Weighted(traffic, weight));
                    }
                }
            }
            return out;
        }
    }

    /** One minute of a metric: how many requests it has seen, and its sample of them. */
    private static final class Minute {
        final long epochMinute;
        final AtomicLong seen = new AtomicLong();
        final AtomicReferenceArray<Traffic> kept = new AtomicReferenceArray<>(PER_MINUTE);

        Minute(long epochMinute) {
            this.epochMinute = epochMinute;
        }
    }

    /** A sampled request and how many requests of its minute it stands for. */
    private record Weighted(Traffic traffic, long weight) {}

    /**
     * Up to MaxItems samples of the request's time window (its start no earlier than three hours
     * ago), chosen at random when the window holds more, newest first; the population is every
     * request the metric saw in the window, to the second.
     */
    GetSampledRequestsResponse sample(GetSampledRequestsRequest request) {
        Instant now = clock.instant();
        Instant horizon = now.minusSeconds(HORIZON_SECONDS);
        Instant start = request.timeWindow().startTime().isBefore(horizon) ? horizon : request.timeWindow().startTime();
        Instant end = request.timeWindow().endTime();
        if (!start.isBefore(end)) {
            throw WafErrors.invalid("EXPIRE_TIMESTAMP", "TimeWindow", "The start time must be before the end time.");
        }
        Kept kept = samples.get(new Metric(request.webAclArn(), request.ruleMetricName()));
        if (kept == null) {
            return new GetSampledRequestsResponse(0L, List.of(), new TimeWindow(end, start));
        }
        // nothing was recorded after now: the walks over seconds and minutes stop there, however far
        // ahead the window ends (a window ending in the year 3000 would otherwise walk for hours)
        long lastSecond = Math.min(end.getEpochSecond(), now.getEpochSecond());
        List<Weighted> inWindow = new ArrayList<>();
        for (Weighted w : kept.samples(Math.floorDiv(start.getEpochSecond(), 60), Math.floorDiv(lastSecond, 60))) {
            if (!w.traffic().time().isBefore(start) && w.traffic().time().isBefore(end)) {
                inWindow.add(w);
            }
        }
        if (inWindow.size() > request.maxItems()) {
            Collections.shuffle(inWindow, ThreadLocalRandom.current());
            inWindow = inWindow.subList(0, (int) (long) request.maxItems());
        }
        inWindow.sort(Comparator.comparing((Weighted w) -> w.traffic().time()).reversed());
        // the end's own second counts when the window ends within it
        long population = kept.count(start.getEpochSecond(),
                end.isAfter(now) ? now.getEpochSecond() + 1 : end.getEpochSecond() + (end.getNano() > 0 ? 1 : 0));
        return new GetSampledRequestsResponse(population, inWindow.stream().map(this::sampled).toList(),
                new TimeWindow(end, start));
    }

    private SampledHTTPRequest sampled(Weighted w) {
        Traffic t = w.traffic();
        Verdict verdict = t.verdict();
        List<HTTPHeader> headers = t.request().headers().stream().map(h -> new HTTPHeader(h.getKey(), h.getValue())).toList();
        String uri = t.request().path() + (t.request().query().isEmpty() ? "" : "?" + t.request().query());
        List<HTTPHeader> inserted = verdict.insertHeaders().isEmpty() ? null
                : verdict.insertHeaders().stream().map(h -> new HTTPHeader(h.getKey(), h.getValue())).toList();
        String country = geo.country(t.request().clientIp());
        return SampledHTTPRequest.builder()
                .request(new HTTPRequest(t.request().clientIpText(),
                        country.equals(GeoIp.UNKNOWN) ? null : country, t.httpVersion(), headers, t.request().method(), uri))
                .weight(w.weight()).timestamp(t.time()).action(verdict.action())
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
