package dev.garrison.waf;

import dev.garrison.api.wafv2.AssociateWebACLRequest;
import dev.garrison.api.wafv2.DisassociateWebACLRequest;
import dev.garrison.api.wafv2.GetWebACLForResourceRequest;
import dev.garrison.api.wafv2.GetWebACLForResourceResponse;
import dev.garrison.api.wafv2.ListResourcesForWebACLRequest;
import dev.garrison.api.wafv2.ListResourcesForWebACLResponse;
import dev.garrison.api.wafv2.WebACL;
import java.util.List;
import java.util.Set;

/**
 * AssociateWebACL, DisassociateWebACL, GetWebACLForResource, ListResourcesForWebACL. The
 * resources are the declared load balancers; a CLOUDFRONT web ACL protects none of them, as in
 * AWS, where distributions name their web ACL themselves.
 */
final class AssociationOperations {
    private final WafEntities entities;
    private final Associations associations;
    private final Set<String> loadBalancers;

    AssociationOperations(WafEntities entities, Associations associations, Set<String> loadBalancers) {
        this.entities = entities;
        this.associations = associations;
        this.loadBalancers = loadBalancers;
    }

    void associate(AssociateWebACLRequest request) {
        requireLoadBalancer(request.resourceArn());
        WafEntity acl = entities.byArn(request.webACLArn());
        if (acl == null || acl.kind() != EntityKind.WEB_ACL) {
            throw WafErrors.nonexistent();
        }
        if (!acl.shelf().startsWith("REGIONAL/")) {
            throw WafErrors.invalid("RESOURCE_ARN", request.resourceArn(),
                    "A CLOUDFRONT web ACL cannot be associated with a regional resource.");
        }
        associations.associate(request.resourceArn(), request.webACLArn());
    }

    void disassociate(DisassociateWebACLRequest request) {
        requireLoadBalancer(request.resourceArn());
        associations.disassociate(request.resourceArn());
    }

    GetWebACLForResourceResponse webAclFor(GetWebACLForResourceRequest request) {
        requireLoadBalancer(request.resourceArn());
        String arn = associations.webAclOf(request.resourceArn());
        WafEntity acl = arn == null ? null : entities.byArn(arn);
        return new GetWebACLForResourceResponse(acl == null ? null : WebACL.fromTree(acl.body()));
    }

    ListResourcesForWebACLResponse resources(ListResourcesForWebACLRequest request) {
        WafEntity acl = entities.byArn(request.webACLArn());
        if (acl == null || acl.kind() != EntityKind.WEB_ACL) {
            throw WafErrors.nonexistent();
        }
        String type = request.resourceType() == null ? "APPLICATION_LOAD_BALANCER" : request.resourceType();
        return new ListResourcesForWebACLResponse(
                type.equals("APPLICATION_LOAD_BALANCER") ? associations.resourcesOf(request.webACLArn()) : List.of());
    }

    private void requireLoadBalancer(String arn) {
        if (!arn.startsWith("arn:aws:elasticloadbalancing:")) {
            throw WafErrors.invalid("RESOURCE_ARN", arn, "The resource ARN is not valid for this operation.");
        }
        if (!loadBalancers.contains(arn)) {
            throw WafErrors.nonexistent();
        }
    }
}
