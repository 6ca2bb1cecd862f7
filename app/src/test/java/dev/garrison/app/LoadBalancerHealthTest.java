package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * A target group's targets take requests in turn, and its health checks decide which: a target
 * that fails its group's threshold of checks in a row gets no more requests until it passes its
 * threshold again, as on an ALB; elbv2 shows the thresholds and each target's state.
 */
class LoadBalancerHealthTest {

    @Test
    void requestsGoInTurnToTheTargetsTheChecksFindHealthyAndATargetComesBackAfterItsThreshold() throws Exception {
        try (Upstream first = new Upstream(); Upstream second = new Upstream();
                TestServer garrison = TestServer.start(Map.of(), """
                        load-balancers:
                          pair:
                            listeners: [{port: 0}]
                            target-groups:
                              web:
                                targets: [%s, %s]
                                health-check-path: /health
                                health-check-interval-seconds: 5
                                healthy-threshold-count: 2
                                unhealthy-threshold-count: 2
                        """.formatted(first.url(), second.url()), Clock.systemUTC());
                ElasticLoadBalancingV2Client elb = ElasticLoadBalancingV2Client.builder().endpointOverride(garrison.endpoint())
                        .region(Region.US_EAST_1).credentialsProvider(garrison.credentials())
                        .httpClient(UrlConnectionHttpClient.create()).build()) {
            String proxy = "http://127.0.0.1:" + garrison.server.loadBalancerPorts().getFirst();
            TargetGroup group = elb.describeTargetGroups(r -> r.names("web")).targetGroups().getFirst();
            assertThat(group.healthyThresholdCount()).isEqualTo(2);
            assertThat(group.unhealthyThresholdCount()).isEqualTo(2);
            assertThat(group.healthCheckTimeoutSeconds()).isEqualTo(5);
            assertThat(group.matcher().httpCode()).isEqualTo("200-399");

            assertThat(spread(proxy, first, second, "/initial")).as("targets still being checked take requests")
                    .containsExactly(3, 3);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(states(elb, group))
                    .containsExactly("healthy", "healthy"));

            second.answer("/health", 503);
            await().atMost(Duration.ofSeconds(25)).untilAsserted(() -> assertThat(states(elb, group))
                    .containsExactly("healthy", "unhealthy"));
            assertThat(elb.describeTargetHealth(r -> r.targetGroupArn(group.targetGroupArn())).targetHealthDescriptions()
                    .get(1).targetHealth().reasonAsString()).isEqualTo("Target.FailedHealthChecks");
            assertThat(spread(proxy, first, second, "/failed-over")).containsExactly(6, 0);

            second.answer("/health", 200);
            await().atMost(Duration.ofSeconds(25)).untilAsserted(() -> assertThat(states(elb, group))
                    .containsExactly("healthy", "healthy"));
            assertThat(spread(proxy, first, second, "/back")).containsExactly(3, 3);
        }
    }

    /** Sends six requests for {@code path} and returns how many each target received. */
    private static List<Integer> spread(String proxy, Upstream first, Upstream second, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(proxy + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
        }
        return List.of(count(first, path), count(second, path));
    }

    private static int count(Upstream upstream, String path) {
        return (int) upstream.received.stream().filter(r -> r.uri().equals(path)).count();
    }

    private static List<String> states(ElasticLoadBalancingV2Client elb, TargetGroup group) {
        return elb.describeTargetHealth(r -> r.targetGroupArn(group.targetGroupArn())).targetHealthDescriptions().stream()
                .map(TargetHealthDescription::targetHealth).map(health -> health.stateAsString()).toList();
    }
}
