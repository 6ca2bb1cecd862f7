package dev.garrison.waf;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * A target group at run time: its targets served round robin, and their health from active
 * checks. As on an ALB, when no target is healthy every target gets traffic (fail open), since
 * refusing everything is rarely what the operator wants from a flapping check.
 */
final class TargetPool {
    /** A target's health, with Elastic Load Balancing's state names. */
    enum Health {
        INITIAL("initial"),
        HEALTHY("healthy"),
        UNHEALTHY("unhealthy");

        final String state;

        Health(String state) {
            this.state = state;
        }
    }

    final LoadBalancerSpec.TargetGroup spec;
    final String arn;
    private final AtomicReferenceArray<Health> health;
    /**
     * Per target, the checks in a row that agreed: positive for passed, negative for failed. Only
     * the loop the checks run on touches them.
     */
    private final int[] streaks;
    private final AtomicInteger next = new AtomicInteger();
    private @Nullable ScheduledFuture<?> timer;

    TargetPool(LoadBalancerSpec.TargetGroup spec, String arn) {
        this.spec = spec;
        this.arn = arn;
        this.health = new AtomicReferenceArray<>(spec.targets().size());
        this.streaks = new int[spec.targets().size()];
        for (int i = 0; i < spec.targets().size(); i++) {
            health.set(i, Health.INITIAL);
        }
    }

    /** The next target, round robin among the healthy ones (or all when none is). */
    URI next() {
        List<URI> targets = spec.targets();
        int n = targets.size();
        int start = Math.floorMod(next.getAndIncrement(), n);
        for (int k = 0; k < n; k++) {
            int i = (start + k) % n;
            if (health.get(i) != Health.UNHEALTHY) {
                return targets.get(i);
            }
        }
        return targets.get(start);
    }

    Health health(int index) {
        return health.get(index);
    }

    /** Starts the periodic health checks on {@code loop}. */
    void startChecks(EventLoop loop, Upstreams upstreams) {
        timer = loop.scheduleAtFixedRate(() -> check(loop, upstreams), 0, spec.healthCheckIntervalSeconds(), TimeUnit.SECONDS);
    }

    /** Stops the periodic checks. */
    void stopChecks() {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private void check(EventLoop loop, Upstreams upstreams) {
        for (int i = 0; i < spec.targets().size(); i++) {
            int index = i;
            HealthProbe.check(loop, upstreams, spec.targets().get(i), spec.healthCheckPath(), outcome -> checked(index, outcome));
        }
    }

    /**
     * On the checks' loop: one more check of target {@code index} passed or failed. As on an ALB,
     * a target changes state only after its group's threshold of checks in a row, so one slow
     * answer does not take a healthy target out, nor one good answer put a failing target back.
     */
    private void checked(int index, Health outcome) {
        boolean passed = outcome == Health.HEALTHY;
        int streak = streaks[index];
        streak = passed ? Math.max(streak, 0) + 1 : Math.min(streak, 0) - 1;
        streaks[index] = streak;
        if (streak >= spec.healthyThreshold()) {
            health.set(index, Health.HEALTHY);
        } else if (-streak >= spec.unhealthyThreshold()) {
            health.set(index, Health.UNHEALTHY);
        }
    }
}
