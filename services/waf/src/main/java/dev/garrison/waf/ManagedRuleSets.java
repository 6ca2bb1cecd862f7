package dev.garrison.waf;

import dev.garrison.api.wafv2.GetManagedRuleSetRequest;
import dev.garrison.api.wafv2.GetManagedRuleSetResponse;
import dev.garrison.api.wafv2.ListManagedRuleSetsRequest;
import dev.garrison.api.wafv2.ListManagedRuleSetsResponse;
import dev.garrison.api.wafv2.PutManagedRuleSetVersionsRequest;
import dev.garrison.api.wafv2.PutManagedRuleSetVersionsResponse;
import dev.garrison.api.wafv2.UpdateManagedRuleSetVersionExpiryDateRequest;
import dev.garrison.api.wafv2.UpdateManagedRuleSetVersionExpiryDateResponse;
import dev.garrison.api.wafv2.WAFNonexistentItemException;
import dev.garrison.platform.core.CallContext;
import java.util.List;

/**
 * ListManagedRuleSets, GetManagedRuleSet, PutManagedRuleSetVersions and
 * UpdateManagedRuleSetVersionExpiryDate: the operations through which a vendor of managed rule
 * groups publishes their versions. AWS makes an account a vendor (itself, or a Marketplace seller)
 * and creates its rule sets; there is no operation that creates one. No Garrison account is a
 * vendor, so each owns no rule set: the list is empty and a named set does not exist.
 */
final class ManagedRuleSets {
    ListManagedRuleSetsResponse list(CallContext call, ListManagedRuleSetsRequest request) {
        WafScope.of(call, request.scope());
        if (request.nextMarker() != null) {
            throw WafErrors.badMarker();
        }
        return new ListManagedRuleSetsResponse(List.of(), null);
    }

    GetManagedRuleSetResponse get(CallContext call, GetManagedRuleSetRequest request) {
        throw named(call, request.scope());
    }

    PutManagedRuleSetVersionsResponse putVersions(CallContext call, PutManagedRuleSetVersionsRequest request) {
        throw named(call, request.scope());
    }

    UpdateManagedRuleSetVersionExpiryDateResponse expire(CallContext call, UpdateManagedRuleSetVersionExpiryDateRequest request) {
        throw named(call, request.scope());
    }

    /** What a call naming a rule set gets once its scope is found valid: the set does not exist. */
    private static WAFNonexistentItemException named(CallContext call, String scope) {
        WafScope.of(call, scope);
        return WafErrors.nonexistent();
    }
}
