package dev.garrison.waf;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

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
    private final AtomicInteger next = new AtomicInteger();
    private long timer = -1;

    TargetPool(LoadBalancerSpec.TargetGroup spec, String arn) {
        this.spec = spec;
        this.arn = arn;
        this.health = new AtomicReferenceArray<>(spec.targets().size());
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

    /** Starts the periodic health checks on {@code vertx} with {@code client}. */
    void startChecks(Vertx vertx, HttpClient client) {
        check(client);
        timer = vertx.setPeriodic(spec.healthCheckIntervalSeconds() * 1000L, id -> check(client));
    }

    /** Stops the periodic checks, before the client they use closes. */
    void stopChecks(Vertx vertx) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void check(HttpClient client) {
        for (int i = 0; i < spec.targets().size(); i++) {
            int index = i;
            URI target = spec.targets().get(i);
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(target.getHost())
                    .setPort(ProxyListener.port(target)).setURI(spec.healthCheckPath()).setSsl("https".equals(target.getScheme()))
                    .setConnectTimeout(5000).setIdleTimeout(5000);
            client.request(options)
                    .compose(request -> request.send())
                    .onSuccess(response -> {
                        response.body();
                        health.set(index, response.statusCode() >= 200 && response.statusCode() < 400 ? Health.HEALTHY
                                : Health.UNHEALTHY);
                    })
                    .onFailure(e -> health.set(index, Health.UNHEALTHY));
        }
    }
}
