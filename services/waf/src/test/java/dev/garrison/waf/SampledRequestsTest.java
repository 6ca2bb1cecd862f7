package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.garrison.api.wafv2.GetSampledRequestsRequest;
import dev.garrison.api.wafv2.GetSampledRequestsResponse;
import dev.garrison.api.wafv2.SampledHTTPRequest;
import dev.garrison.api.wafv2.TimeWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The requests kept per metric for GetSampledRequests: each minute's first 100, then a uniform
 * sample of 100 with weights; exact populations; several event loops adding at once.
 */
class SampledRequestsTest {
    static final Instant T0 = Instant.parse("2026-12-07T05:00:00Z");
    static final WebAclPlan PLAN = new WebAclPlan("arn:acl", WebAclPlanTest.SEEN, List.of(),
            new ActionPlan(ActionPlan.Kind.ALLOW, List.of(), null, 0), new TokenPolicy(null, List.of(), 300, 300), 0);

    /** Records a request {@code millis} after T0; its path names that time. */
    static void record(SampledRequests samples, long millis) {
        Instant at = T0.plusMillis(millis);
        WebRequest request = WebAclPlanTest.request("/item/" + millis);
        samples.record(new Traffic(at, "r-" + millis, "shop", PLAN, request, "HTTP/1.1", PLAN.evaluate(request, at), null, 0));
    }

    static GetSampledRequestsResponse sample(SampledRequests samples, String metric, long maxItems, long fromSecond,
            long toSecond) {
        return samples.sample(new GetSampledRequestsRequest(maxItems, metric, "REGIONAL",
                new TimeWindow(T0.plusSeconds(toSecond), T0.plusSeconds(fromSecond)), "arn:acl"));
    }

    static SampledRequests at(long second) {
        return new SampledRequests(Clock.fixed(T0.plusSeconds(second), ZoneOffset.UTC), GeoIp.NONE);
    }

    /** The milliseconds after T0 that a sample's path names. */
    static long millis(SampledHTTPRequest sampled) {
        return Long.parseLong(sampled.request().uri().substring("/item/".length()));
    }

    @Test
    void aQuietMinuteKeepsEveryRequestNewestFirstWithWeightOne() {
        SampledRequests samples = at(60);
        for (int i = 0; i < 100; i++) {
            record(samples, i * 100);
        }
        for (String metric : List.of("seen", SampledRequests.DEFAULT_ACTION)) {
            GetSampledRequestsResponse response = sample(samples, metric, 500, 0, 60);
            assertThat(response.populationSize()).isEqualTo(100);
            assertThat(response.sampledRequests()).hasSize(100).allSatisfy(s -> assertThat(s.weight()).isEqualTo(1));
            List<Instant> times = response.sampledRequests().stream().map(SampledHTTPRequest::timestamp).toList();
            assertThat(times.getFirst()).isEqualTo(T0.plusMillis(9900));
            assertThat(times.getLast()).isEqualTo(T0);
            assertThat(times).isSortedAccordingTo(Comparator.reverseOrder());
        }
        assertThat(sample(samples, "seen", 10, 0, 60).sampledRequests()).hasSize(10);
        assertThat(sample(samples, "seen", 500, 5, 6).populationSize()).isEqualTo(10);
    }

    @Test
    void aBusyMinuteKeepsAUniformSampleWeighedByItsCount() {
        SampledRequests samples = at(60);
        for (int i = 0; i < 10_000; i++) {
            record(samples, i * 5);
        }
        GetSampledRequestsResponse response = sample(samples, "seen", 500, 0, 60);
        assertThat(response.populationSize()).isEqualTo(10_000);
        assertThat(response.sampledRequests()).hasSize(SampledRequests.PER_MINUTE)
                .allSatisfy(s -> assertThat(s.weight()).isEqualTo(100));
        // a reservoir that kept the first requests (or the last) would be centred near one end
        double mean = response.sampledRequests().stream().mapToLong(SampledRequestsTest::millis).average().orElseThrow();
        assertThat(mean).isBetween(25_000.0 - 7_500, 25_000.0 + 7_500);
    }

    @Test
    void aWindowGetsSamplesAndAnExactPopulationOfItsOwnMinutesOnly() {
        SampledRequests samples = at(600);
        for (int i = 0; i < 5 * 600; i++) { // ten a second for five minutes
            record(samples, i * 100L);
        }
        GetSampledRequestsResponse response = sample(samples, "seen", 500, 60, 180);
        assertThat(response.populationSize()).isEqualTo(1200);
        assertThat(response.sampledRequests()).hasSize(200)
                .allSatisfy(s -> assertThat(millis(s)).isBetween(60_000L, 179_999L))
                .allSatisfy(s -> assertThat(s.weight()).isEqualTo(6));
        assertThat(sample(samples, "seen", 500, 400, 500).populationSize()).isZero();
    }

    @Test
    void loopsAddingAtOnceCountEveryRequestAndKeepDistinctOnes() throws Exception {
        SampledRequests samples = at(60);
        int loops = 4;
        AtOnce.run(loops, loop -> {
            for (int i = 0; i < 5_000; i++) {
                record(samples, i * loops + loop);
            }
        });
        GetSampledRequestsResponse response = sample(samples, "seen", 500, 0, 60);
        assertThat(response.populationSize()).isEqualTo(20_000);
        assertThat(response.sampledRequests()).hasSize(SampledRequests.PER_MINUTE)
                .extracting(SampledHTTPRequest::timestamp).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(response.sampledRequests()).extracting(s -> s.request().uri()).doesNotHaveDuplicates();
    }

    @Test
    void aWindowEndingFarAheadIsReadOnlyUpToNow() {
        SampledRequests samples = at(60);
        for (int i = 0; i < 30; i++) {
            record(samples, i * 1000L);
        }
        GetSampledRequestsResponse response = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> samples.sample(new GetSampledRequestsRequest(500L, "seen", "REGIONAL",
                        new TimeWindow(Instant.parse("3000-01-01T00:00:00Z"), T0), "arn:acl")));
        assertThat(response.populationSize()).isEqualTo(30);
        assertThat(response.sampledRequests()).hasSize(30);
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(10), () -> samples.sample(new GetSampledRequestsRequest(500L,
                "seen", "REGIONAL", new TimeWindow(Instant.parse("3000-01-02T00:00:00Z"), Instant.parse("3000-01-01T00:00:00Z")),
                "arn:acl"))).populationSize()).isZero();
    }

    @Test
    void aDeletedWebAclsSamplesAreForgotten() {
        SampledRequests samples = at(60);
        for (int i = 0; i < 10; i++) {
            record(samples, i * 1000);
        }
        samples.forget("arn:other");
        assertThat(sample(samples, "seen", 500, 0, 60).populationSize()).isEqualTo(10);
        samples.forget("arn:acl");
        for (String metric : List.of("seen", SampledRequests.DEFAULT_ACTION)) {
            GetSampledRequestsResponse response = sample(samples, metric, 500, 0, 60);
            assertThat(response.populationSize()).isZero();
            assertThat(response.sampledRequests()).isEmpty();
        }
    }

    @Test
    void aRequestDecidedBeforeItsWebAclWasDeletedAndRecordedAfterDoesNotBringItsSamplesBack() {
        SampledRequests samples = at(60);
        record(samples, 1000);
        samples.forget("arn:acl");
        // decided by the deleted web ACL's plan, its answer sent after the deletion
        record(samples, 2000);
        for (String metric : List.of("seen", SampledRequests.DEFAULT_ACTION)) {
            assertThat(sample(samples, metric, 500, 0, 60).populationSize()).isZero();
        }
    }
}
