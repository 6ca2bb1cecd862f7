package dev.garrison.waf;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Request counts per web ACL and rule, named after AWS WAF's CloudWatch metrics
 * ({@code AllowedRequests}, {@code BlockedRequests}, {@code CountedRequests}, {@code CaptchaRequests},
 * {@code ChallengeRequests}, {@code RequestsWithValidCaptchaToken},
 * {@code RequestsWithValidChallengeToken}, and {@code PassedRequests} for rule groups) with its
 * dimensions: the web ACL's metric name, and the rule's ({@code ALL} for the whole web ACL,
 * {@code Default_Action} for its default action). Beside them, one of Garrison's own that AWS does
 * not have: how long each web ACL takes to decide on a request, as a histogram
 * ({@code garrison_waf_deciding_seconds}), the latency the WAF adds before a request is forwarded.
 */
final class WafMetrics {
    private final MeterRegistry registry;
    private final String region;
    private final Map<Key, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> deciding = new ConcurrentHashMap<>();

    private record Key(String metric, String webAcl, String rule) {}

    WafMetrics(MeterRegistry registry, String region) {
        this.registry = registry;
        this.region = region;
    }

    void record(Traffic traffic) {
        WebAclPlan acl = traffic.acl();
        Verdict verdict = traffic.verdict();
        String metric = switch (verdict.kind()) {
            case ALLOW -> "AllowedRequests";
            case CAPTCHA -> "CaptchaRequests";
            case CHALLENGE -> "ChallengeRequests";
            default -> "BlockedRequests";
        };
        if (acl.visibility.metrics()) {
            increment(metric, acl.visibility.metricName(), "ALL");
            decided(acl.visibility.metricName(), traffic.decidingNanos());
        }
        if (verdict.terminatingRuleType().equals("DEFAULT_ACTION")) {
            if (acl.visibility.metrics()) {
                increment(metric, acl.visibility.metricName(), SampledRequests.DEFAULT_ACTION);
            }
        } else if (verdict.visibility().metrics()) {
            increment(metric, acl.visibility.metricName(), verdict.visibility().metricName());
        }
        for (CompiledRule group : verdict.passed()) {
            if (group.visibility().metrics()) {
                increment("PassedRequests", acl.visibility.metricName(), group.visibility().metricName());
            }
        }
        for (Verdict.Counted counted : verdict.counted()) {
            if (counted.rule().visibility().metrics()) {
                increment(switch (counted.action()) {
                    case CAPTCHA -> "RequestsWithValidCaptchaToken";
                    case CHALLENGE -> "RequestsWithValidChallengeToken";
                    default -> "CountedRequests";
                }, acl.visibility.metricName(), counted.rule().visibility().metricName());
            }
        }
    }

    private void increment(String metric, String webAcl, String rule) {
        Key key = new Key(metric, webAcl, rule);
        Counter counter = counters.get(key);
        if (counter == null) {
            counter = counters.computeIfAbsent(key, k -> Counter.builder("garrison_waf_" + snake(k.metric()))
                    .description("AWS WAF's " + k.metric() + " metric").tag("web_acl", k.webAcl()).tag("rule", k.rule())
                    .tag("region", region).register(registry));
        }
        counter.increment();
    }

    private void decided(String webAcl, long nanos) {
        Timer timer = deciding.get(webAcl);
        if (timer == null) {
            // buckets from a microsecond (a few rules on a short request) to 100 ms
            timer = deciding.computeIfAbsent(webAcl, name -> Timer.builder("garrison_waf_deciding")
                    .description("How long the web ACL took to decide on a request, from reading it to the verdict (Garrison's, not AWS's)")
                    .tag("web_acl", name).tag("region", region).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(1_000)).maximumExpectedValue(Duration.ofMillis(100)).register(registry));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
