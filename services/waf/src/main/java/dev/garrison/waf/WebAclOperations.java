package dev.garrison.waf;

import dev.garrison.api.wafv2.AllowAction;
import dev.garrison.api.wafv2.CheckCapacityRequest;
import dev.garrison.api.wafv2.CheckCapacityResponse;
import dev.garrison.api.wafv2.CreateWebACLRequest;
import dev.garrison.api.wafv2.CreateWebACLResponse;
import dev.garrison.api.wafv2.DefaultAction;
import dev.garrison.api.wafv2.DeleteFirewallManagerRuleGroupsRequest;
import dev.garrison.api.wafv2.DeleteFirewallManagerRuleGroupsResponse;
import dev.garrison.api.wafv2.DeleteWebACLRequest;
import dev.garrison.api.wafv2.GetWebACLRequest;
import dev.garrison.api.wafv2.GetWebACLResponse;
import dev.garrison.api.wafv2.ListWebACLsRequest;
import dev.garrison.api.wafv2.ListWebACLsResponse;
import dev.garrison.api.wafv2.UpdateWebACLRequest;
import dev.garrison.api.wafv2.UpdateWebACLResponse;
import dev.garrison.api.wafv2.VisibilityConfig;
import dev.garrison.api.wafv2.WebACL;
import dev.garrison.api.wafv2.WebACLSummary;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.NamePages;

/**
 * CreateWebACL, GetWebACL, UpdateWebACL, DeleteWebACL, ListWebACLs, CheckCapacity and
 * DeleteFirewallManagerRuleGroups.
 */
final class WebAclOperations {
    private final WafEntities entities;
    private final References references;
    private final Capacity capacity;
    private final PlanResources resources;

    WebAclOperations(WafEntities entities, References references, PlanResources resources) {
        this.entities = entities;
        this.references = references;
        this.resources = resources;
        this.capacity = new Capacity(entities::byArn);
    }

    CreateWebACLResponse create(CallContext call, CreateWebACLRequest request) {
        WafScope scope = WafScope.of(call, request.scope());
        WafEntity entity = entities.create(scope, EntityKind.WEB_ACL, request.name(), WafTags.of(request.tags()),
                (arn, id) -> checked(scope, WebACL.builder().arn(arn).id(id).name(request.name())
                        .description(request.description()).defaultAction(request.defaultAction()).rules(request.rules())
                        .visibilityConfig(request.visibilityConfig()).customResponseBodies(request.customResponseBodies())
                        .captchaConfig(request.captchaConfig()).challengeConfig(request.challengeConfig())
                        .tokenDomains(request.tokenDomains()).associationConfig(request.associationConfig())
                        .labelNamespace("awswaf:" + scope.account() + ":webacl:" + request.name() + ":")
                        .managedByFirewallManager(false).retrofittedByFirewallManager(false)).toTree());
        return new CreateWebACLResponse(summary(entity));
    }

    GetWebACLResponse get(CallContext call, GetWebACLRequest request) {
        WafEntity entity = entities.named(call, EntityKind.WEB_ACL, request.arn(), request.name(), request.id(),
                request.scope());
        return new GetWebACLResponse(null, entity.lockToken(), WebACL.fromTree(entity.body()));
    }

    UpdateWebACLResponse update(CallContext call, UpdateWebACLRequest request) {
        WafScope scope = WafScope.of(call, request.scope());
        WafEntity entity = entities.require(scope, EntityKind.WEB_ACL, request.name(), request.id());
        WebACL current = WebACL.fromTree(entity.body());
        WebACL next = checked(scope, current.toBuilder().description(request.description())
                .defaultAction(request.defaultAction()).rules(request.rules()).visibilityConfig(request.visibilityConfig())
                .customResponseBodies(request.customResponseBodies()).captchaConfig(request.captchaConfig())
                .challengeConfig(request.challengeConfig()).tokenDomains(request.tokenDomains())
                .associationConfig(request.associationConfig()));
        return new UpdateWebACLResponse(entities.update(entity, request.lockToken(), next.toTree()));
    }

    void delete(CallContext call, DeleteWebACLRequest request) {
        WafEntity entity = entities.require(WafScope.of(call, request.scope()), EntityKind.WEB_ACL, request.name(), request.id());
        entities.delete(entity, request.lockToken(), () -> references.requireUnused(entity));
    }

    /**
     * Takes Firewall Manager's rule groups out of the web ACL. Garrison has no Firewall Manager:
     * no web ACL is managed by it or holds its rule groups, so once the lock token is found
     * current there is nothing to take out, and the web ACL and its lock token stay as they are.
     */
    DeleteFirewallManagerRuleGroupsResponse deleteFirewallManagerRuleGroups(CallContext call,
            DeleteFirewallManagerRuleGroupsRequest request) {
        WafEntity entity = entities.named(call, EntityKind.WEB_ACL, request.webACLArn(), null, null, null);
        if (!entity.lockToken().equals(request.webACLLockToken())) {
            throw WafErrors.staleLock();
        }
        return new DeleteFirewallManagerRuleGroupsResponse(entity.lockToken());
    }

    ListWebACLsResponse list(CallContext call, ListWebACLsRequest request) {
        NamePages.Page<WafEntity> page = entities.page(WafScope.of(call, request.scope()), EntityKind.WEB_ACL,
                request.nextMarker(), request.limit());
        return new ListWebACLsResponse(page.next(), page.items().stream().map(WebAclOperations::summary).toList());
    }

    CheckCapacityResponse checkCapacity(CallContext call, CheckCapacityRequest request) {
        WafScope scope = WafScope.of(call, request.scope());
        WebACL probe = WebACL.builder().arn(scope.arn(EntityKind.WEB_ACL, "capacity", "check")).id("check").name("capacity")
                .defaultAction(new DefaultAction(new AllowAction(null), null))
                .visibilityConfig(new VisibilityConfig(false, "capacity", false)).rules(request.rules()).build();
        scope.compiler(entities, resources).webAcl(probe);
        return new CheckCapacityResponse(capacity.of(request.rules()));
    }

    /** The web ACL with its capacity, once it compiles and fits in AWS's limit. */
    private WebACL checked(WafScope scope, WebACL.Builder acl) {
        WebACL built = acl.build();
        scope.compiler(entities, resources).webAcl(built);
        long units = capacity.of(built.rules());
        if (units > Capacity.MAX) {
            throw WafErrors.limit();
        }
        return acl.capacity(units).build();
    }

    private static WebACLSummary summary(WafEntity entity) {
        return new WebACLSummary(entity.arn(), WebACL.fromTree(entity.body()).description(), entity.id(), entity.lockToken(),
                entity.name());
    }
}
