package dev.garrison.waf;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A load balancer as the operator declares it in {@code garrison.yaml}: its listeners, its
 * target groups of upstream URLs, and the routes that send requests by host and path to a group.
 *
 * @param name the name, as in its ARN
 * @param listeners where it accepts traffic
 * @param targetGroups the upstreams, by group
 * @param routes host and path rules, first match wins; requests no route takes go to the first target group
 */
public record LoadBalancerSpec(String name, List<Listener> listeners, List<TargetGroup> targetGroups, List<Route> routes) {

    public LoadBalancerSpec {
        requireNonNull(name, "name");
        listeners = List.copyOf(listeners);
        targetGroups = List.copyOf(targetGroups);
        routes = List.copyOf(routes);
    }

    /**
     * A listener: HTTP, or HTTPS with a PEM certificate chain and key (HTTP/2 offered by ALPN).
     *
     * @param host the address to bind
     */
    public record Listener(String protocol, String host, int port, @Nullable Path certificate, @Nullable Path key) {}

    /**
     * Upstream URLs served round robin, each checked with a GET of {@code healthCheckPath} every
     * {@code healthCheckIntervalSeconds}: a target that answers 200-399 to {@code healthyThreshold}
     * checks in a row is healthy, one that fails {@code unhealthyThreshold} in a row unhealthy. With
     * a {@code maxConnectionsPerTarget} (0: none), requests beyond it wait for one of those
     * connections; health checks are not held back by it.
     */
    public record TargetGroup(String name, List<URI> targets, String healthCheckPath, int healthCheckIntervalSeconds,
            int healthyThreshold, int unhealthyThreshold, int maxConnectionsPerTarget) {
        public TargetGroup {
            targets = List.copyOf(targets);
        }
    }

    /** Requests whose Host is {@code host} (any when null) and whose path starts with {@code pathPrefix}. */
    public record Route(@Nullable String host, String pathPrefix, String targetGroup) {}
}
