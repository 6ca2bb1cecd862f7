package dev.garrison.waf;

import dev.garrison.api.wafv2.DescribeAllManagedProductsRequest;
import dev.garrison.api.wafv2.DescribeAllManagedProductsResponse;
import dev.garrison.api.wafv2.DescribeManagedProductsByVendorRequest;
import dev.garrison.api.wafv2.DescribeManagedProductsByVendorResponse;
import dev.garrison.api.wafv2.DescribeManagedRuleGroupRequest;
import dev.garrison.api.wafv2.DescribeManagedRuleGroupResponse;
import dev.garrison.api.wafv2.ListAvailableManagedRuleGroupVersionsRequest;
import dev.garrison.api.wafv2.ListAvailableManagedRuleGroupVersionsResponse;
import dev.garrison.api.wafv2.ListAvailableManagedRuleGroupsRequest;
import dev.garrison.api.wafv2.ListAvailableManagedRuleGroupsResponse;
import dev.garrison.platform.core.CallContext;
import java.util.List;

/**
 * ListAvailableManagedRuleGroups, DescribeManagedRuleGroup, ListAvailableManagedRuleGroupVersions,
 * DescribeAllManagedProducts and DescribeManagedProductsByVendor over the managed rule groups
 * Garrison provides: none yet, so the lists are empty and any named group does not exist, as AWS
 * answers for a group it does not have.
 */
final class ManagedRuleGroups {
    ListAvailableManagedRuleGroupsResponse list(CallContext call, ListAvailableManagedRuleGroupsRequest request) {
        WafScope.of(call, request.scope());
        return new ListAvailableManagedRuleGroupsResponse(List.of(), null);
    }

    DescribeManagedRuleGroupResponse describe(CallContext call, DescribeManagedRuleGroupRequest request) {
        WafScope.of(call, request.scope());
        throw WafErrors.nonexistent();
    }

    ListAvailableManagedRuleGroupVersionsResponse versions(CallContext call, ListAvailableManagedRuleGroupVersionsRequest request) {
        WafScope.of(call, request.scope());
        throw WafErrors.nonexistent();
    }

    DescribeAllManagedProductsResponse products(CallContext call, DescribeAllManagedProductsRequest request) {
        WafScope.of(call, request.scope());
        return new DescribeAllManagedProductsResponse(List.of());
    }

    DescribeManagedProductsByVendorResponse products(CallContext call, DescribeManagedProductsByVendorRequest request) {
        WafScope.of(call, request.scope());
        return new DescribeManagedProductsByVendorResponse(List.of());
    }
}
