package dev.garrison.waf;

import dev.garrison.api.wafv2.CreateIPSetRequest;
import dev.garrison.api.wafv2.CreateIPSetResponse;
import dev.garrison.api.wafv2.DeleteIPSetRequest;
import dev.garrison.api.wafv2.GetIPSetRequest;
import dev.garrison.api.wafv2.GetIPSetResponse;
import dev.garrison.api.wafv2.IPSet;
import dev.garrison.api.wafv2.IPSetSummary;
import dev.garrison.api.wafv2.ListIPSetsRequest;
import dev.garrison.api.wafv2.ListIPSetsResponse;
import dev.garrison.api.wafv2.UpdateIPSetRequest;
import dev.garrison.api.wafv2.UpdateIPSetResponse;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.NamePages;
import java.util.List;

/** CreateIPSet, GetIPSet, UpdateIPSet, DeleteIPSet, ListIPSets. */
final class IpSetOperations {
    /** AWS WAF's quota of addresses in one IP set. */
    private static final int MAX_ADDRESSES = 10_000;

    private final WafEntities entities;
    private final References references;

    IpSetOperations(WafEntities entities, References references) {
        this.entities = entities;
        this.references = references;
    }

    CreateIPSetResponse create(CallContext call, CreateIPSetRequest request) {
        WafScope scope = WafScope.of(call, request.scope());
        check(request.addresses(), request.ipAddressVersion());
        WafEntity entity = entities.create(scope, EntityKind.IP_SET, request.name(), WafTags.of(request.tags()),
                (arn, id) -> new IPSet(arn, request.addresses(), request.description(), request.ipAddressVersion(), id,
                        request.name()).toTree());
        return new CreateIPSetResponse(summary(entity));
    }

    GetIPSetResponse get(CallContext call, GetIPSetRequest request) {
        WafEntity entity = entities.require(WafScope.of(call, request.scope()), EntityKind.IP_SET, request.name(), request.id());
        return new GetIPSetResponse(IPSet.fromTree(entity.body()), entity.lockToken());
    }

    UpdateIPSetResponse update(CallContext call, UpdateIPSetRequest request) {
        WafEntity entity = entities.require(WafScope.of(call, request.scope()), EntityKind.IP_SET, request.name(), request.id());
        IPSet current = IPSet.fromTree(entity.body());
        check(request.addresses(), current.ipAddressVersion());
        IPSet next = new IPSet(current.arn(), request.addresses(), request.description(), current.ipAddressVersion(),
                current.id(), current.name());
        return new UpdateIPSetResponse(entities.update(entity, request.lockToken(), next.toTree()));
    }

    void delete(CallContext call, DeleteIPSetRequest request) {
        WafEntity entity = entities.require(WafScope.of(call, request.scope()), EntityKind.IP_SET, request.name(), request.id());
        entities.delete(entity, request.lockToken(), () -> references.requireUnused(entity));
    }

    ListIPSetsResponse list(CallContext call, ListIPSetsRequest request) {
        NamePages.Page<WafEntity> page = entities.page(WafScope.of(call, request.scope()), EntityKind.IP_SET,
                request.nextMarker(), request.limit());
        return new ListIPSetsResponse(page.items().stream().map(IpSetOperations::summary).toList(), page.next());
    }

    private static IPSetSummary summary(WafEntity entity) {
        return new IPSetSummary(entity.arn(), IPSet.fromTree(entity.body()).description(), entity.id(), entity.lockToken(),
                entity.name());
    }

    private static void check(List<String> addresses, String version) {
        if (addresses.size() > MAX_ADDRESSES) {
            throw WafErrors.limit();
        }
        for (String address : addresses) {
            if (Cidr.parse(address, version) == null) {
                throw WafErrors.invalid("IP_ADDRESS", address, "The parameter contains formatting that isn't valid.");
            }
        }
    }
}
