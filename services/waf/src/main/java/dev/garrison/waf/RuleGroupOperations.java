package dev.garrison.waf;

import dev.garrison.api.wafv2.CreateRuleGroupRequest;
import dev.garrison.api.wafv2.CreateRuleGroupResponse;
import dev.garrison.api.wafv2.DeleteRuleGroupRequest;
import dev.garrison.api.wafv2.GetRuleGroupRequest;
import dev.garrison.api.wafv2.GetRuleGroupResponse;
import dev.garrison.api.wafv2.LabelSummary;
import dev.garrison.api.wafv2.ListRuleGroupsRequest;
import dev.garrison.api.wafv2.ListRuleGroupsResponse;
import dev.garrison.api.wafv2.Rule;
import dev.garrison.api.wafv2.RuleGroup;
import dev.garrison.api.wafv2.RuleGroupSummary;
import dev.garrison.api.wafv2.Statement;
import dev.garrison.api.wafv2.UpdateRuleGroupRequest;
import dev.garrison.api.wafv2.UpdateRuleGroupResponse;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.NamePages;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * CreateRuleGroup, GetRuleGroup, UpdateRuleGroup, DeleteRuleGroup, ListRuleGroups. A rule group's
 * capacity is fixed at creation; its rules must always fit in it.
 */
final class RuleGroupOperations {
    private final WafEntities entities;
    private final References references;
    private final Capacity capacity;
    private final PlanResources resources;

    RuleGroupOperations(WafEntities entities, References references, PlanResources resources) {
        this.entities = entities;
        this.references = references;
        this.resources = resources;
        this.capacity = new Capacity(entities::byArn);
    }

    CreateRuleGroupResponse create(CallContext call, CreateRuleGroupRequest request) {
        WafScope scope = WafScope.of(call, request.scope());
        if (request.capacity() > Capacity.MAX) {
            throw WafErrors.limit();
        }
        WafEntity entity = entities.create(scope, EntityKind.RULE_GROUP, request.name(), WafTags.of(request.tags()),
                (arn, id) -> checked(scope, RuleGroup.builder().arn(arn).id(id).name(request.name())
                        .capacity(request.capacity()).description(request.description()).rules(request.rules())
                        .visibilityConfig(request.visibilityConfig()).customResponseBodies(request.customResponseBodies())
                        .labelNamespace("awswaf:" + scope.account() + ":rulegroup:" + request.name() + ":")).toTree());
        return new CreateRuleGroupResponse(summary(entity));
    }

    GetRuleGroupResponse get(CallContext call, GetRuleGroupRequest request) {
        WafEntity entity = entities.named(call, EntityKind.RULE_GROUP, request.arn(), request.name(), request.id(),
                request.scope());
        return new GetRuleGroupResponse(entity.lockToken(), RuleGroup.fromTree(entity.body()));
    }

    UpdateRuleGroupResponse update(CallContext call, UpdateRuleGroupRequest request) {
        WafScope scope = WafScope.of(call, request.scope());
        WafEntity entity = entities.require(scope, EntityKind.RULE_GROUP, request.name(), request.id());
        RuleGroup next = checked(scope, RuleGroup.fromTree(entity.body()).toBuilder().description(request.description())
                .rules(request.rules()).visibilityConfig(request.visibilityConfig())
                .customResponseBodies(request.customResponseBodies()));
        return new UpdateRuleGroupResponse(entities.update(entity, request.lockToken(), next.toTree()));
    }

    void delete(CallContext call, DeleteRuleGroupRequest request) {
        WafEntity entity = entities.require(WafScope.of(call, request.scope()), EntityKind.RULE_GROUP, request.name(),
                request.id());
        entities.delete(entity, request.lockToken(), () -> references.requireUnused(entity));
    }

    ListRuleGroupsResponse list(CallContext call, ListRuleGroupsRequest request) {
        NamePages.Page<WafEntity> page = entities.page(WafScope.of(call, request.scope()), EntityKind.RULE_GROUP,
                request.nextMarker(), request.limit());
        return new ListRuleGroupsResponse(page.next(), page.items().stream().map(RuleGroupOperations::summary).toList());
    }

    /** The rule group with the labels it adds and reads, once its rules compile and fit its capacity. */
    private RuleGroup checked(WafScope scope, RuleGroup.Builder builder) {
        RuleGroup group = builder.build();
        scope.compiler(entities, resources).ruleGroup(group.name(), group.rules(), group.customResponseBodies(), null, null);
        if (capacity.of(group.rules()) > group.capacity()) {
            throw WafErrors.limit();
        }
        List<LabelSummary> available = new ArrayList<>();
        List<LabelSummary> consumed = new ArrayList<>();
        for (Rule rule : group.rules() == null ? List.<Rule>of() : group.rules()) {
            if (rule.ruleLabels() != null) {
                rule.ruleLabels().forEach(l -> available.add(new LabelSummary(group.labelNamespace() + l.name())));
            }
            consumedLabels(rule.statement(), consumed);
        }
        return builder.availableLabels(available.isEmpty() ? null : available)
                .consumedLabels(consumed.isEmpty() ? null : consumed).build();
    }

    private static void consumedLabels(@Nullable Statement s, List<LabelSummary> into) {
        if (s == null) {
            return;
        }
        if (s.labelMatchStatement() != null) {
            into.add(new LabelSummary(s.labelMatchStatement().key()));
        }
        if (s.andStatement() != null) {
            s.andStatement().statements().forEach(n -> consumedLabels(n, into));
        }
        if (s.orStatement() != null) {
            s.orStatement().statements().forEach(n -> consumedLabels(n, into));
        }
        if (s.notStatement() != null) {
            consumedLabels(s.notStatement().statement(), into);
        }
    }

    private static RuleGroupSummary summary(WafEntity entity) {
        return new RuleGroupSummary(entity.arn(), RuleGroup.fromTree(entity.body()).description(), entity.id(),
                entity.lockToken(), entity.name());
    }
}
