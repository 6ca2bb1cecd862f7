package dev.garrison.waf;

import dev.garrison.api.wafv2.WebACL;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compiled web ACL each load balancer enforces. Plans are rebuilt when anything in this
 * process changes a web ACL, a set it references or an association, and at least every second,
 * so changes written by other nodes sharing the store take effect within a second too.
 */
final class Enforcement {
    private static final Logger LOG = LoggerFactory.getLogger(Enforcement.class);
    private static final long RELOAD_MILLIS = 1000;

    /** What a load balancer enforces: a plan, nothing (no web ACL), or a web ACL that failed to compile. */
    record Current(@Nullable WebAclPlan plan, boolean broken) {
        static final Current NONE = new Current(null, false);
    }

    private final WafEntities entities;
    private final Associations associations;
    private final String scopeAndRegion;
    private final String account;
    private final RateLimits rates;
    private volatile Snapshot snapshot = new Snapshot(-1, 0, Map.of());

    private record Snapshot(long generation, long builtAt, Map<String, Current> plans) {}

    Enforcement(WafEntities entities, Associations associations, String region, String account, RateLimits rates) {
        this.rates = rates;
        this.entities = entities;
        this.associations = associations;
        this.scopeAndRegion = "REGIONAL/" + region;
        this.account = account;
    }

    /** What the load balancer with this ARN enforces now. */
    Current forLoadBalancer(String arn) {
        Snapshot current = snapshot;
        long generation = entities.generation() + associations.generation();
        long now = System.nanoTime() / 1_000_000;
        if (current.generation() != generation || now - current.builtAt() >= RELOAD_MILLIS) {
            current = rebuild(generation, now);
        }
        Current plan = current.plans().get(arn);
        if (plan == null) {
            plan = compile(arn);
            synchronized (this) {
                Map<String, Current> plans = new HashMap<>(snapshot.plans());
                plans.put(arn, plan);
                snapshot = new Snapshot(snapshot.generation(), snapshot.builtAt(), plans);
            }
        }
        return plan;
    }

    private synchronized Snapshot rebuild(long generation, long now) {
        if (snapshot.generation() == generation && now - snapshot.builtAt() < RELOAD_MILLIS) {
            return snapshot;
        }
        Map<String, Current> plans = new HashMap<>();
        for (String arn : snapshot.plans().keySet()) {
            plans.put(arn, compile(arn));
        }
        snapshot = new Snapshot(generation, now, plans);
        return snapshot;
    }

    private Current compile(String loadBalancerArn) {
        String aclArn = associations.webAclOf(loadBalancerArn);
        if (aclArn == null) {
            return Current.NONE;
        }
        WafEntity entity = entities.byArn(aclArn);
        if (entity == null) {
            return Current.NONE;
        }
        try {
            WebAclPlan plan = new PlanCompiler(account, scopeAndRegion, entities::byArn, rates).webAcl(WebACL.fromTree(entity.body()));
            return new Current(plan, false);
        } catch (RuntimeException e) {
            LOG.error("web ACL {} does not compile; its load balancer applies the failure mode: {}", aclArn, e.getMessage());
            return new Current(null, true);
        }
    }
}
