package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.garrison.api.wafv2.GetSampledRequestsRequest;
import dev.garrison.api.wafv2.SampledHTTPRequest;
import dev.garrison.api.wafv2.TimeWindow;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The requests kept per metric for GetSampledRequests: the last 500, newest first, added by several event loops at once. */
class SampledRequestsTest {
    static final Instant T0 = Instant.parse("2026-12-07T05:00:00Z");
    static final WebAclPlan PLAN = new WebAclPlan("arn:acl", WebAclPlanTest.SEEN, List.of(),
            new ActionPlan(ActionPlan.Kind.ALLOW, List.of(), null, 0), new TokenPolicy(null, List.of(), 300, 300));

    static void record(SampledRequests samples, long millis) {
        Instant at = T0.plusMillis(millis);
        WebRequest request = WebAclPlanTest.request("/item/" + millis);
        samples.record(new Traffic(at, "r-" + millis, "shop", PLAN, request, "HTTP/1.1", PLAN.evaluate(request, at), null));
    }

    static List<Instant> sampled(SampledRequests samples, String metric) {
        return samples.sample(new GetSampledRequestsRequest(500L, metric, "REGIONAL", new TimeWindow(T0.plusSeconds(60), T0),
                "arn:acl")).sampledRequests().stream().map(SampledHTTPRequest::timestamp).toList();
    }

    @Test
    void theLast500AreKeptNewestFirst() {
        SampledRequests samples = new SampledRequests(Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC), GeoIp.NONE);
        for (int i = 0; i < 600; i++) {
            record(samples, i);
        }
        for (String metric : List.of("seen", SampledRequests.DEFAULT_ACTION)) {
            List<Instant> kept = sampled(samples, metric);
            assertThat(kept).hasSize(500);
            assertThat(kept.getFirst()).isEqualTo(T0.plusMillis(599));
            assertThat(kept.getLast()).isEqualTo(T0.plusMillis(100));
            assertThat(kept).isSortedAccordingTo(Comparator.reverseOrder());
        }
    }

    @Test
    void loopsAddingAtOnceKeepAFullRingOfDistinctRequests() throws Exception {
        SampledRequests samples = new SampledRequests(Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC), GeoIp.NONE);
        int loops = 4;
        AtOnce.run(loops, loop -> {
            for (int i = 0; i < 5_000; i++) {
                record(samples, i * loops + loop);
            }
        });
        List<Instant> kept = sampled(samples, "seen");
        assertThat(kept).hasSize(500).doesNotHaveDuplicates().isSortedAccordingTo(Comparator.reverseOrder());
    }
}
