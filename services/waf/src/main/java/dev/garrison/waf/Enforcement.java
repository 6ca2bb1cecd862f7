package dev.garrison.waf;

import dev.garrison.api.wafv2.WebACL;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compiled web ACL each load balancer enforces. Plans are compiled off the event loops (they
 * read storage): at start, by the API call that changes a web ACL, a set it references or an
 * association (so the change is enforced when the call returns), and every second, so changes
 * written by other nodes sharing the store take effect within a second too. A plan is compiled
 * again only when its load balancer's association or the lock token of something it was compiled
 * from has changed: the check each second reads those tokens alone.
 * Requests read the current plans and never wait for a compilation.
 */
final class Enforcement implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Enforcement.class);

    /**
     * What a load balancer enforces: a plan, nothing (no web ACL), or a web ACL that failed to
     * compile; with the web ACL it came from, the lock token of each entity read to compile it,
     * by ARN (empty for one that was missing), and the counter paths of its rate-based rules.
     */
    record Current(@Nullable WebAclPlan plan, boolean broken, @Nullable String webAcl, Map<String, String> read,
            Set<String> ratePaths) {
        static final Current NONE = new Current(null, false, null, Map.of(), Set.of());
    }

    private final WafEntities entities;
    private final Associations associations;
    private final String scopeAndRegion;
    private final String account;
    private final RateLimits rates;
    private final PlanResources resources;
    private final List<String> loadBalancers;
    private final ScheduledExecutorService compiler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("garrison-waf-plans").daemon().factory());
    private volatile Map<String, Current> plans = Map.of();

    Enforcement(WafEntities entities, Associations associations, String region, String account, RateLimits rates,
            PlanResources resources, List<String> loadBalancers) {
        this.resources = resources;
        this.entities = entities;
        this.associations = associations;
        this.scopeAndRegion = "REGIONAL/" + region;
        this.account = account;
        this.rates = rates;
        this.loadBalancers = loadBalancers;
    }

    /** Compiles the plans now, then keeps them current; a change made through this process applies when it returns. */
    void start() {
        entities.onChange(this::compile);
        associations.onChange(this::compile);
        compile();
        compiler.scheduleWithFixedDelay(this::compile, 1, 1, TimeUnit.SECONDS);
    }

    /** What the load balancer with this ARN enforces now. */
    Current forLoadBalancer(String arn) {
        return plans.getOrDefault(arn, Current.NONE);
    }

    private synchronized void compile() {
        Map<String, Current> compiled = new HashMap<>();
        try {
            for (String arn : loadBalancers) {
                compiled.put(arn, compile(arn, plans.getOrDefault(arn, Current.NONE)));
            }
            plans = compiled;
            Set<String> counting = new HashSet<>();
            compiled.values().forEach(current -> counting.addAll(current.ratePaths()));
            rates.retain(counting);
        } catch (RuntimeException e) {
            LOG.error("compiling the web ACLs of the load balancers failed; the previous plans stay: {}", e.toString());
        }
    }

    private Current compile(String loadBalancerArn, Current previous) {
        String aclArn = associations.webAclOf(loadBalancerArn);
        if (aclArn == null) {
            return Current.NONE;
        }
        if (aclArn.equals(previous.webAcl()) && unchanged(previous.read())) {
            return previous;
        }
        Map<String, String> read = new HashMap<>();
        Function<String, @Nullable WafEntity> reading = arn -> {
            WafEntity entity = entities.byArn(arn);
            read.put(arn, entity == null ? "" : entity.lockToken());
            return entity;
        };
        WafEntity entity = reading.apply(aclArn);
        if (entity == null) {
            return new Current(null, false, aclArn, Map.copyOf(read), Set.of());
        }
        try {
            PlanCompiler planCompiler = new PlanCompiler(account, scopeAndRegion, reading, rates, resources);
            WebAclPlan plan = planCompiler.webAcl(WebACL.fromTree(entity.body()));
            return new Current(plan, false, aclArn, Map.copyOf(read), planCompiler.ratePaths());
        } catch (RuntimeException e) {
            LOG.error("web ACL {} does not compile; its load balancer applies the failure mode: {}", aclArn, e.getMessage());
            return new Current(null, true, aclArn, Map.copyOf(read), Set.of());
        }
    }

    /** Whether every entity read has the lock token it had then (and the missing are still missing). */
    private boolean unchanged(Map<String, String> read) {
        for (Map.Entry<String, String> was : read.entrySet()) {
            String now = entities.lockToken(was.getKey());
            if (!(now == null ? "" : now).equals(was.getValue())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        compiler.shutdownNow();
    }
}
