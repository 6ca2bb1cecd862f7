package dev.garrison.app;

import java.time.Clock;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.wafv2.Wafv2Client;

/**
 * A real upstream app behind a Garrison load balancer (one HTTP listener on a free port), with
 * the WAF client that configures it: what the live-traffic WAF tests stand on.
 */
final class ProtectedApp implements AutoCloseable {
    final Upstream upstream;
    final TestServer garrison;
    final Wafv2Client waf;
    /** The listener's base URL. */
    final String proxy;
    /** The load balancer's ARN, as elbv2 describes it. */
    final String loadBalancerArn;

    private ProtectedApp(Upstream upstream, TestServer garrison, Wafv2Client waf, String proxy, String loadBalancerArn) {
        this.upstream = upstream;
        this.garrison = garrison;
        this.waf = waf;
        this.proxy = proxy;
        this.loadBalancerArn = loadBalancerArn;
    }

    /** The listener's port. */
    int proxyPort() {
        return Integer.parseInt(proxy.substring(proxy.lastIndexOf(':') + 1));
    }

    /** Starts the app and a Garrison on {@code clock} whose load balancer {@code name} protects it. */
    static ProtectedApp start(String name, Clock clock) throws Exception {
        return start(name, clock, Map.of());
    }

    /** The same, with configuration {@code settings} over the test defaults. */
    static ProtectedApp start(String name, Clock clock, Map<String, String> settings) throws Exception {
        return start(name, clock, settings, null);
    }

    /** The same, the load balancer forwarding to {@code target} instead of the app when given. */
    static ProtectedApp start(String name, Clock clock, Map<String, String> settings, @Nullable String target) throws Exception {
        Upstream upstream = new Upstream();
        TestServer garrison = TestServer.start(settings, """
                load-balancers:
                  %s:
                    listeners:
                      - port: 0
                    target-groups:
                      web:
                        targets: [%s]
                        health-check-path: /health
                """.formatted(name, target == null ? upstream.url() : target), clock);
        String arn;
        try (ElasticLoadBalancingV2Client elb = ElasticLoadBalancingV2Client.builder().endpointOverride(garrison.endpoint())
                .region(Region.US_EAST_1).credentialsProvider(garrison.credentials()).httpClient(UrlConnectionHttpClient.create())
                .build()) {
            arn = elb.describeLoadBalancers(r -> r.names(name)).loadBalancers().getFirst().loadBalancerArn();
        }
        return new ProtectedApp(upstream, garrison, WafApiTest.client(garrison, Region.US_EAST_1),
                "http://127.0.0.1:" + garrison.server.loadBalancerPorts().getFirst(), arn);
    }

    /** Has the web ACL {@code webAclArn} protect the app. */
    void protectWith(String webAclArn) {
        waf.associateWebACL(r -> r.webACLArn(webAclArn).resourceArn(loadBalancerArn));
    }

    @Override
    public void close() {
        waf.close();
        garrison.close();
        upstream.close();
    }
}
