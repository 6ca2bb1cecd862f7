package dev.garrison.waf;

import dev.garrison.api.elbv2.Action;
import dev.garrison.api.elbv2.DescribeListenersInput;
import dev.garrison.api.elbv2.DescribeListenersOutput;
import dev.garrison.api.elbv2.DescribeLoadBalancersInput;
import dev.garrison.api.elbv2.DescribeLoadBalancersOutput;
import dev.garrison.api.elbv2.DescribeTargetGroupsInput;
import dev.garrison.api.elbv2.DescribeTargetGroupsOutput;
import dev.garrison.api.elbv2.DescribeTargetHealthInput;
import dev.garrison.api.elbv2.DescribeTargetHealthOutput;
import dev.garrison.api.elbv2.Elbv2Api;
import dev.garrison.api.elbv2.Listener;
import dev.garrison.api.elbv2.ListenerNotFoundException;
import dev.garrison.api.elbv2.LoadBalancer;
import dev.garrison.api.elbv2.LoadBalancerNotFoundException;
import dev.garrison.api.elbv2.LoadBalancerState;
import dev.garrison.api.elbv2.Matcher;
import dev.garrison.api.elbv2.TargetDescription;
import dev.garrison.api.elbv2.TargetGroup;
import dev.garrison.api.elbv2.TargetGroupNotFoundException;
import dev.garrison.api.elbv2.TargetHealth;
import dev.garrison.api.elbv2.TargetHealthDescription;
import dev.garrison.platform.core.CallContext;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Elastic Load Balancing's read operations over the load balancers declared in
 * {@code garrison.yaml}: enough for {@code aws elbv2 describe-load-balancers} to find the ARN a
 * web ACL associates with, and to see the listeners, target groups and target health.
 */
public final class Elbv2Service implements Elbv2Api {
    private final List<dev.garrison.waf.LoadBalancer> balancers;
    private final ElbNames names;
    private final Instant started = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

    Elbv2Service(List<dev.garrison.waf.LoadBalancer> balancers, ElbNames names) {
        this.balancers = balancers;
        this.names = names;
    }

    @Override
    public DescribeLoadBalancersOutput describeLoadBalancers(CallContext call, DescribeLoadBalancersInput request) {
        List<LoadBalancer> out = new ArrayList<>();
        List<String> wanted = request.loadBalancerArns() != null ? request.loadBalancerArns() : request.names();
        for (dev.garrison.waf.LoadBalancer balancer : balancers) {
            if (wanted == null || wanted.contains(balancer.arn) || wanted.contains(balancer.spec.name())) {
                out.add(describe(balancer));
            }
        }
        if (wanted != null && out.size() < wanted.size()) {
            throw new LoadBalancerNotFoundException("One or more load balancers not found");
        }
        return new DescribeLoadBalancersOutput(out, null);
    }

    @Override
    public DescribeListenersOutput describeListeners(CallContext call, DescribeListenersInput request) {
        List<Listener> out = new ArrayList<>();
        boolean balancerFound = request.loadBalancerArn() == null;
        for (dev.garrison.waf.LoadBalancer balancer : balancers) {
            if (request.loadBalancerArn() != null && !request.loadBalancerArn().equals(balancer.arn)) {
                continue;
            }
            balancerFound = true;
            for (LoadBalancerSpec.Listener listener : balancer.spec.listeners()) {
                String arn = names.listener(balancer.spec.name(), listener.port());
                if (request.listenerArns() == null || request.listenerArns().contains(arn)) {
                    out.add(Listener.builder().listenerArn(arn).loadBalancerArn(balancer.arn).port(listener.port())
                            .protocol(listener.protocol())
                            .defaultActions(List.of(Action.builder().type("forward").order(1)
                                    .targetGroupArn(balancer.pools.values().iterator().next().arn).build()))
                            .build());
                }
            }
        }
        if (!balancerFound) {
            throw new LoadBalancerNotFoundException("One or more load balancers not found");
        }
        if (request.listenerArns() != null && out.size() < request.listenerArns().size()) {
            throw new ListenerNotFoundException("One or more listeners not found");
        }
        return new DescribeListenersOutput(out, null);
    }

    @Override
    public DescribeTargetGroupsOutput describeTargetGroups(CallContext call, DescribeTargetGroupsInput request) {
        List<TargetGroup> out = new ArrayList<>();
        List<String> wanted = request.targetGroupArns() != null ? request.targetGroupArns() : request.names();
        for (dev.garrison.waf.LoadBalancer balancer : balancers) {
            if (request.loadBalancerArn() != null && !request.loadBalancerArn().equals(balancer.arn)) {
                continue;
            }
            for (TargetPool pool : balancer.pools.values()) {
                if (wanted == null || wanted.contains(pool.arn) || wanted.contains(pool.spec.name())) {
                    URI first = pool.spec.targets().getFirst();
                    out.add(TargetGroup.builder().targetGroupArn(pool.arn).targetGroupName(pool.spec.name())
                            .protocol(first.getScheme().toUpperCase(java.util.Locale.ROOT)).port(Upstreams.port(first))
                            .targetType("ip").healthCheckEnabled(true).healthCheckPath(pool.spec.healthCheckPath())
                            .healthCheckIntervalSeconds(pool.spec.healthCheckIntervalSeconds()).healthCheckProtocol("HTTP")
                            .healthCheckTimeoutSeconds(HealthProbe.TIMEOUT_SECONDS).healthyThresholdCount(pool.spec.healthyThreshold())
                            .unhealthyThresholdCount(pool.spec.unhealthyThreshold()).matcher(Matcher.builder().httpCode("200-399").build())
                            .loadBalancerArns(List.of(balancer.arn)).build());
                }
            }
        }
        if (request.loadBalancerArn() != null && balancers.stream().noneMatch(b -> b.arn.equals(request.loadBalancerArn()))) {
            throw new LoadBalancerNotFoundException("One or more load balancers not found");
        }
        if (wanted != null && out.size() < wanted.size()) {
            throw new TargetGroupNotFoundException("One or more target groups not found");
        }
        return new DescribeTargetGroupsOutput(null, out);
    }

    @Override
    public DescribeTargetHealthOutput describeTargetHealth(CallContext call, DescribeTargetHealthInput request) {
        for (dev.garrison.waf.LoadBalancer balancer : balancers) {
            for (TargetPool pool : balancer.pools.values()) {
                if (!pool.arn.equals(request.targetGroupArn())) {
                    continue;
                }
                List<TargetHealthDescription> out = new ArrayList<>();
                for (int i = 0; i < pool.spec.targets().size(); i++) {
                    URI target = pool.spec.targets().get(i);
                    TargetPool.Health health = pool.health(i);
                    out.add(TargetHealthDescription.builder()
                            .target(TargetDescription.builder().id(target.getHost()).port(Upstreams.port(target)).build())
                            .healthCheckPort(Integer.toString(Upstreams.port(target)))
                            .targetHealth(TargetHealth.builder().state(health.state)
                                    .reason(health == TargetPool.Health.UNHEALTHY ? "Target.FailedHealthChecks"
                                            : health == TargetPool.Health.INITIAL ? "Elb.InitialHealthChecking" : null)
                                    .build())
                            .build());
                }
                return new DescribeTargetHealthOutput(out);
            }
        }
        throw new TargetGroupNotFoundException("One or more target groups not found");
    }

    private LoadBalancer describe(dev.garrison.waf.LoadBalancer balancer) {
        LoadBalancerSpec.Listener first = balancer.spec.listeners().getFirst();
        return LoadBalancer.builder().loadBalancerArn(balancer.arn).loadBalancerName(balancer.spec.name())
                .dnsName(first.host()).createdTime(started).scheme("internet-facing").type("application")
                .ipAddressType("ipv4").state(LoadBalancerState.builder().code("active").build())
                .availabilityZones(List.of()).securityGroups(List.of()).build();
    }
}
