package dev.garrison.waf;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** A declared load balancer at run time: its ARN, its target pools and its routes. */
final class LoadBalancer {
    final LoadBalancerSpec spec;
    final String arn;
    /** How WAF logs name it ({@code httpSourceId}): {@code ACCOUNT-app/NAME/ID}. */
    final String logSource;
    /** The target pools by target group name, in declaration order. */
    final Map<String, TargetPool> pools = new LinkedHashMap<>();

    LoadBalancer(LoadBalancerSpec spec, ElbNames names) {
        this.spec = spec;
        this.arn = names.loadBalancer(spec.name());
        this.logSource = names.account() + "-" + arn.substring(arn.indexOf(":loadbalancer/") + ":loadbalancer/".length());
        for (LoadBalancerSpec.TargetGroup group : spec.targetGroups()) {
            pools.put(group.name(), new TargetPool(group, names.targetGroup(spec.name(), group.name())));
        }
    }

    /**
     * The pool the first matching route names; the first target group when no route matches. The
     * request's host is asked for only when a route names one.
     */
    TargetPool route(Supplier<@Nullable String> host, String path) {
        for (LoadBalancerSpec.Route route : spec.routes()) {
            if ((route.host() == null || route.host().equalsIgnoreCase(host.get())) && path.startsWith(route.pathPrefix())) {
                return pools.get(route.targetGroup());
            }
        }
        return pools.values().iterator().next();
    }
}
