package dev.garrison.waf;

import dev.garrison.platform.core.CallContext;

/**
 * Where a WAF entity lives: its scope (REGIONAL, or CLOUDFRONT, which AWS serves only from
 * us-east-1) and region, and the ARNs of the entities in it.
 */
record WafScope(String scope, String region, String account) {
    static final String CLOUDFRONT = "CLOUDFRONT";

    /** The scope a call names, refused as AWS refuses CLOUDFRONT outside us-east-1. */
    static WafScope of(CallContext call, String scope) {
        if (scope.equals(CLOUDFRONT) && !call.region().equals("us-east-1")) {
            throw WafErrors.invalid("SCOPE_VALUE", scope, "The scope is not valid.");
        }
        return new WafScope(scope, call.region(), call.principal().accountId());
    }

    String arn(EntityKind kind, String name, String id) {
        return "arn:aws:wafv2:" + region + ":" + account + ":" + (scope.equals(CLOUDFRONT) ? "global" : "regional") + "/"
                + kind.arnWord + "/" + name + "/" + id;
    }

    /** A compiler that resolves references among this scope's entities, to check rules (its rate counters are thrown away). */
    PlanCompiler compiler(WafEntities entities, PlanResources resources) {
        return new PlanCompiler(account, scope + "/" + region, entities::byArn, new RateLimits(), resources);
    }

    /** The storage shelf of one kind in this scope: what a list reads. */
    String shelf(EntityKind kind) {
        return scope + "/" + region + "/" + kind.arnWord;
    }
}
