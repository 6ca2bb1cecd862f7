package dev.garrison.waf;

import static java.util.Objects.requireNonNull;

import dev.garrison.api.wafv2.AssociateWebACLRequest;
import dev.garrison.api.wafv2.AssociateWebACLResponse;
import dev.garrison.api.wafv2.CheckCapacityRequest;
import dev.garrison.api.wafv2.CheckCapacityResponse;
import dev.garrison.api.wafv2.CreateAPIKeyRequest;
import dev.garrison.api.wafv2.CreateAPIKeyResponse;
import dev.garrison.api.wafv2.CreateIPSetRequest;
import dev.garrison.api.wafv2.CreateIPSetResponse;
import dev.garrison.api.wafv2.CreateRegexPatternSetRequest;
import dev.garrison.api.wafv2.CreateRegexPatternSetResponse;
import dev.garrison.api.wafv2.CreateRuleGroupRequest;
import dev.garrison.api.wafv2.CreateRuleGroupResponse;
import dev.garrison.api.wafv2.CreateWebACLRequest;
import dev.garrison.api.wafv2.CreateWebACLResponse;
import dev.garrison.api.wafv2.DeleteAPIKeyRequest;
import dev.garrison.api.wafv2.DeleteAPIKeyResponse;
import dev.garrison.api.wafv2.DeleteFirewallManagerRuleGroupsRequest;
import dev.garrison.api.wafv2.DeleteFirewallManagerRuleGroupsResponse;
import dev.garrison.api.wafv2.DeleteIPSetRequest;
import dev.garrison.api.wafv2.DeleteIPSetResponse;
import dev.garrison.api.wafv2.DeleteLoggingConfigurationRequest;
import dev.garrison.api.wafv2.DeleteLoggingConfigurationResponse;
import dev.garrison.api.wafv2.DeletePermissionPolicyRequest;
import dev.garrison.api.wafv2.DeletePermissionPolicyResponse;
import dev.garrison.api.wafv2.DeleteRegexPatternSetRequest;
import dev.garrison.api.wafv2.DeleteRegexPatternSetResponse;
import dev.garrison.api.wafv2.DeleteRuleGroupRequest;
import dev.garrison.api.wafv2.DeleteRuleGroupResponse;
import dev.garrison.api.wafv2.DeleteWebACLRequest;
import dev.garrison.api.wafv2.DeleteWebACLResponse;
import dev.garrison.api.wafv2.DescribeAllManagedProductsRequest;
import dev.garrison.api.wafv2.DescribeAllManagedProductsResponse;
import dev.garrison.api.wafv2.DescribeManagedProductsByVendorRequest;
import dev.garrison.api.wafv2.DescribeManagedProductsByVendorResponse;
import dev.garrison.api.wafv2.DescribeManagedRuleGroupRequest;
import dev.garrison.api.wafv2.DescribeManagedRuleGroupResponse;
import dev.garrison.api.wafv2.DisassociateWebACLRequest;
import dev.garrison.api.wafv2.DisassociateWebACLResponse;
import dev.garrison.api.wafv2.GenerateMobileSdkReleaseUrlRequest;
import dev.garrison.api.wafv2.GenerateMobileSdkReleaseUrlResponse;
import dev.garrison.api.wafv2.GetDecryptedAPIKeyRequest;
import dev.garrison.api.wafv2.GetDecryptedAPIKeyResponse;
import dev.garrison.api.wafv2.GetIPSetRequest;
import dev.garrison.api.wafv2.GetIPSetResponse;
import dev.garrison.api.wafv2.GetLoggingConfigurationRequest;
import dev.garrison.api.wafv2.GetLoggingConfigurationResponse;
import dev.garrison.api.wafv2.GetManagedRuleSetRequest;
import dev.garrison.api.wafv2.GetManagedRuleSetResponse;
import dev.garrison.api.wafv2.GetMobileSdkReleaseRequest;
import dev.garrison.api.wafv2.GetMobileSdkReleaseResponse;
import dev.garrison.api.wafv2.GetPermissionPolicyRequest;
import dev.garrison.api.wafv2.GetPermissionPolicyResponse;
import dev.garrison.api.wafv2.GetRateBasedStatementManagedKeysRequest;
import dev.garrison.api.wafv2.GetRateBasedStatementManagedKeysResponse;
import dev.garrison.api.wafv2.GetRegexPatternSetRequest;
import dev.garrison.api.wafv2.GetRegexPatternSetResponse;
import dev.garrison.api.wafv2.GetRuleGroupRequest;
import dev.garrison.api.wafv2.GetRuleGroupResponse;
import dev.garrison.api.wafv2.GetSampledRequestsRequest;
import dev.garrison.api.wafv2.GetSampledRequestsResponse;
import dev.garrison.api.wafv2.GetWebACLForResourceRequest;
import dev.garrison.api.wafv2.GetWebACLForResourceResponse;
import dev.garrison.api.wafv2.GetWebACLRequest;
import dev.garrison.api.wafv2.GetWebACLResponse;
import dev.garrison.api.wafv2.ListAPIKeysRequest;
import dev.garrison.api.wafv2.ListAPIKeysResponse;
import dev.garrison.api.wafv2.ListAvailableManagedRuleGroupVersionsRequest;
import dev.garrison.api.wafv2.ListAvailableManagedRuleGroupVersionsResponse;
import dev.garrison.api.wafv2.ListAvailableManagedRuleGroupsRequest;
import dev.garrison.api.wafv2.ListAvailableManagedRuleGroupsResponse;
import dev.garrison.api.wafv2.ListIPSetsRequest;
import dev.garrison.api.wafv2.ListIPSetsResponse;
import dev.garrison.api.wafv2.ListLoggingConfigurationsRequest;
import dev.garrison.api.wafv2.ListLoggingConfigurationsResponse;
import dev.garrison.api.wafv2.ListManagedRuleSetsRequest;
import dev.garrison.api.wafv2.ListManagedRuleSetsResponse;
import dev.garrison.api.wafv2.ListMobileSdkReleasesRequest;
import dev.garrison.api.wafv2.ListMobileSdkReleasesResponse;
import dev.garrison.api.wafv2.ListRegexPatternSetsRequest;
import dev.garrison.api.wafv2.ListRegexPatternSetsResponse;
import dev.garrison.api.wafv2.ListResourcesForWebACLRequest;
import dev.garrison.api.wafv2.ListResourcesForWebACLResponse;
import dev.garrison.api.wafv2.ListRuleGroupsRequest;
import dev.garrison.api.wafv2.ListRuleGroupsResponse;
import dev.garrison.api.wafv2.ListTagsForResourceRequest;
import dev.garrison.api.wafv2.ListTagsForResourceResponse;
import dev.garrison.api.wafv2.ListWebACLsRequest;
import dev.garrison.api.wafv2.ListWebACLsResponse;
import dev.garrison.api.wafv2.PutLoggingConfigurationRequest;
import dev.garrison.api.wafv2.PutLoggingConfigurationResponse;
import dev.garrison.api.wafv2.PutManagedRuleSetVersionsRequest;
import dev.garrison.api.wafv2.PutManagedRuleSetVersionsResponse;
import dev.garrison.api.wafv2.PutPermissionPolicyRequest;
import dev.garrison.api.wafv2.PutPermissionPolicyResponse;
import dev.garrison.api.wafv2.TagResourceRequest;
import dev.garrison.api.wafv2.TagResourceResponse;
import dev.garrison.api.wafv2.UntagResourceRequest;
import dev.garrison.api.wafv2.UntagResourceResponse;
import dev.garrison.api.wafv2.UpdateIPSetRequest;
import dev.garrison.api.wafv2.UpdateIPSetResponse;
import dev.garrison.api.wafv2.UpdateManagedRuleSetVersionExpiryDateRequest;
import dev.garrison.api.wafv2.UpdateManagedRuleSetVersionExpiryDateResponse;
import dev.garrison.api.wafv2.UpdateRegexPatternSetRequest;
import dev.garrison.api.wafv2.UpdateRegexPatternSetResponse;
import dev.garrison.api.wafv2.UpdateRuleGroupRequest;
import dev.garrison.api.wafv2.UpdateRuleGroupResponse;
import dev.garrison.api.wafv2.UpdateWebACLRequest;
import dev.garrison.api.wafv2.UpdateWebACLResponse;
import dev.garrison.api.wafv2.Wafv2Api;
import dev.garrison.platform.barrier.Barrier;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.OperationResources;
import dev.garrison.platform.events.EventBus;
import dev.garrison.platform.model.ServiceModel;
import dev.garrison.platform.storage.Store;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * AWS WAF (wafv2) over Garrison's own load balancers: web ACLs, rule groups, IP sets and regex
 * pattern sets, their associations with the declared load balancers, and the proxies that
 * enforce them on live traffic.
 */
public final class WafService implements Wafv2Api, OperationResources, AutoCloseable {
    private final WafEntities entities;
    private final IpSetOperations ipSets;
    private final RegexPatternSetOperations regexSets;
    private final WebAclOperations webAcls;
    private final RuleGroupOperations ruleGroups;
    private final AssociationOperations associationOperations;
    private final WafTags tags;
    private final LoadBalancers loadBalancers;
    private final Enforcement enforcement;
    private final Elbv2Service elbv2;
    private final ProxySettings settings;
    private final LoggingConfigurations logging;
    private final SampledRequests samples;
    private final TrafficLog trafficLog;
    private final TrafficRecorder recorder;
    private final TokenEndpoint tokens;
    private final ManagedKeys managedKeys;
    private final PermissionPolicies permissionPolicies;
    private final ApiKeys apiKeys;
    private final ManagedRuleGroups managedRuleGroups = new ManagedRuleGroups();
    private final ManagedRuleSets managedRuleSets = new ManagedRuleSets();
    private final MobileSdkReleases mobileSdkReleases = new MobileSdkReleases();
    private final Clock clock;
    private final GeoIp geo;

    /**
     * {@code store} is the store migrated from {@code db/waf}; {@code loadBalancers} are the
     * declared load balancers, which live in {@code region} of {@code account}. Log groups are
     * written under {@code logDirectory}, blocks published on {@code bus}, metrics registered in
     * {@code registry}. Geo and ASN statements read {@code geo}, which the service closes with itself;
     * the key that signs CAPTCHA and challenge tokens is sealed by {@code barrier}.
     */
    public WafService(Store store, List<LoadBalancerSpec> loadBalancers, ProxySettings settings, String region,
            String account, Path logDirectory, EventBus bus, MeterRegistry registry, Clock clock, GeoIp geo, Barrier barrier) {
        requireNonNull(store, "store");
        ServiceModel model = ServiceModel.load("wafv2", WafService.class.getClassLoader());
        this.entities = new WafEntities(store, model);
        this.logging = new LoggingConfigurations(store, model, entities);
        this.samples = new SampledRequests(clock, geo);
        this.trafficLog = new TrafficLog(logging, logDirectory, bus, account, region, registry, geo);
        this.recorder = new TrafficRecorder(samples, new WafMetrics(registry, region), trafficLog);
        Associations associations = new Associations(store);
        TokenSigner signer = new TokenSigner(store, barrier);
        PlanResources resources = new PlanResources(geo, signer);
        this.tokens = new TokenEndpoint(signer, clock);
        References references = new References(entities, associations);
        ElbNames names = new ElbNames(region, account);
        List<LoadBalancer> balancers = loadBalancers.stream().map(spec -> new LoadBalancer(spec, names)).toList();
        Set<String> arns = balancers.stream().map(b -> b.arn).collect(Collectors.toUnmodifiableSet());
        this.ipSets = new IpSetOperations(entities, references);
        this.regexSets = new RegexPatternSetOperations(entities, references);
        this.webAcls = new WebAclOperations(entities, references, resources);
        this.ruleGroups = new RuleGroupOperations(entities, references, resources);
        this.associationOperations = new AssociationOperations(entities, associations, arns);
        this.tags = new WafTags(entities);
        this.loadBalancers = new LoadBalancers(balancers, settings, registry);
        RateLimits rates = new RateLimits();
        this.enforcement = new Enforcement(entities, associations, region, account, rates, resources,
                balancers.stream().map(b -> b.arn).toList());
        this.managedKeys = new ManagedKeys(entities, rates, clock);
        this.permissionPolicies = new PermissionPolicies(store, entities);
        this.apiKeys = new ApiKeys(store, model, signer, clock);
        this.elbv2 = new Elbv2Service(balancers, names);
        this.settings = settings;
        this.clock = clock;
        this.geo = geo;
    }

    /** Opens every listener of every load balancer; returns the bound ports in declaration order. */
    public List<Integer> start() throws Exception {
        enforcement.start();
        return loadBalancers.start(enforcement, settings, recorder, tokens, clock);
    }

    /** The ARNs of the declared load balancers, in declaration order. */
    public List<String> loadBalancerArns() {
        return loadBalancers.all().stream().map(b -> b.arn).toList();
    }

    /** Elastic Load Balancing's read operations over the same load balancers. */
    public Elbv2Service elbv2() {
        return elbv2;
    }

    @Override
    public @Nullable String resourceArn(CallContext call, String operation, Map<String, Object> request) {
        Object arn = request.containsKey("ARN") ? request.get("ARN")
                : request.containsKey("ResourceARN") ? request.get("ResourceARN")
                : request.containsKey("WebACLArn") ? request.get("WebACLArn")
                : request.get("ResourceArn");
        if (arn instanceof String text) {
            return text;
        }
        EntityKind kind = operation.endsWith("WebACL") ? EntityKind.WEB_ACL
                : operation.endsWith("RuleGroup") ? EntityKind.RULE_GROUP
                : operation.endsWith("IPSet") ? EntityKind.IP_SET
                : operation.endsWith("RegexPatternSet") ? EntityKind.REGEX_PATTERN_SET : null;
        if (kind != null && request.get("Name") instanceof String name && request.get("Id") instanceof String id
                && request.get("Scope") instanceof String scope) {
            return new WafScope(scope, call.region(), call.principal().accountId()).arn(kind, name, id);
        }
        return "*";
    }

    @Override
    public @Nullable String createdResource(String operation, Map<String, Object> response) {
        return response.get("Summary") instanceof Map<?, ?> summary && summary.get("ARN") instanceof String arn ? arn : null;
    }

    @Override
    public CreateIPSetResponse createIPSet(CallContext call, CreateIPSetRequest request) {
        return ipSets.create(call, request);
    }

    @Override
    public GetIPSetResponse getIPSet(CallContext call, GetIPSetRequest request) {
        return ipSets.get(call, request);
    }

    @Override
    public UpdateIPSetResponse updateIPSet(CallContext call, UpdateIPSetRequest request) {
        return ipSets.update(call, request);
    }

    @Override
    public DeleteIPSetResponse deleteIPSet(CallContext call, DeleteIPSetRequest request) {
        ipSets.delete(call, request);
        return new DeleteIPSetResponse();
    }

    @Override
    public ListIPSetsResponse listIPSets(CallContext call, ListIPSetsRequest request) {
        return ipSets.list(call, request);
    }

    @Override
    public CreateRegexPatternSetResponse createRegexPatternSet(CallContext call, CreateRegexPatternSetRequest request) {
        return regexSets.create(call, request);
    }

    @Override
    public GetRegexPatternSetResponse getRegexPatternSet(CallContext call, GetRegexPatternSetRequest request) {
        return regexSets.get(call, request);
    }

    @Override
    public UpdateRegexPatternSetResponse updateRegexPatternSet(CallContext call, UpdateRegexPatternSetRequest request) {
        return regexSets.update(call, request);
    }

    @Override
    public DeleteRegexPatternSetResponse deleteRegexPatternSet(CallContext call, DeleteRegexPatternSetRequest request) {
        regexSets.delete(call, request);
        return new DeleteRegexPatternSetResponse();
    }

    @Override
    public ListRegexPatternSetsResponse listRegexPatternSets(CallContext call, ListRegexPatternSetsRequest request) {
        return regexSets.list(call, request);
    }

    @Override
    public CreateWebACLResponse createWebACL(CallContext call, CreateWebACLRequest request) {
        return webAcls.create(call, request);
    }

    @Override
    public GetWebACLResponse getWebACL(CallContext call, GetWebACLRequest request) {
        return webAcls.get(call, request);
    }

    @Override
    public UpdateWebACLResponse updateWebACL(CallContext call, UpdateWebACLRequest request) {
        return webAcls.update(call, request);
    }

    @Override
    public DeleteWebACLResponse deleteWebACL(CallContext call, DeleteWebACLRequest request) {
        webAcls.delete(call, request);
        String arn = new WafScope(request.scope(), call.region(), call.principal().accountId())
                .arn(EntityKind.WEB_ACL, request.name(), request.id());
        logging.forget(arn);
        samples.forget(arn);
        return new DeleteWebACLResponse();
    }

    @Override
    public DeleteFirewallManagerRuleGroupsResponse deleteFirewallManagerRuleGroups(CallContext call,
            DeleteFirewallManagerRuleGroupsRequest request) {
        return webAcls.deleteFirewallManagerRuleGroups(call, request);
    }

    @Override
    public ListWebACLsResponse listWebACLs(CallContext call, ListWebACLsRequest request) {
        return webAcls.list(call, request);
    }

    @Override
    public CheckCapacityResponse checkCapacity(CallContext call, CheckCapacityRequest request) {
        return webAcls.checkCapacity(call, request);
    }

    @Override
    public CreateRuleGroupResponse createRuleGroup(CallContext call, CreateRuleGroupRequest request) {
        return ruleGroups.create(call, request);
    }

    @Override
    public GetRuleGroupResponse getRuleGroup(CallContext call, GetRuleGroupRequest request) {
        return ruleGroups.get(call, request);
    }

    @Override
    public UpdateRuleGroupResponse updateRuleGroup(CallContext call, UpdateRuleGroupRequest request) {
        return ruleGroups.update(call, request);
    }

    @Override
    public DeleteRuleGroupResponse deleteRuleGroup(CallContext call, DeleteRuleGroupRequest request) {
        ruleGroups.delete(call, request);
        permissionPolicies.forget(new WafScope(request.scope(), call.region(), call.principal().accountId())
                .arn(EntityKind.RULE_GROUP, request.name(), request.id()));
        return new DeleteRuleGroupResponse();
    }

    @Override
    public ListRuleGroupsResponse listRuleGroups(CallContext call, ListRuleGroupsRequest request) {
        return ruleGroups.list(call, request);
    }

    @Override
    public AssociateWebACLResponse associateWebACL(CallContext call, AssociateWebACLRequest request) {
        associationOperations.associate(request);
        return new AssociateWebACLResponse();
    }

    @Override
    public DisassociateWebACLResponse disassociateWebACL(CallContext call, DisassociateWebACLRequest request) {
        associationOperations.disassociate(request);
        return new DisassociateWebACLResponse();
    }

    @Override
    public GetWebACLForResourceResponse getWebACLForResource(CallContext call, GetWebACLForResourceRequest request) {
        return associationOperations.webAclFor(request);
    }

    @Override
    public ListResourcesForWebACLResponse listResourcesForWebACL(CallContext call, ListResourcesForWebACLRequest request) {
        return associationOperations.resources(request);
    }

    @Override
    public TagResourceResponse tagResource(CallContext call, TagResourceRequest request) {
        tags.tag(request);
        return new TagResourceResponse();
    }

    @Override
    public UntagResourceResponse untagResource(CallContext call, UntagResourceRequest request) {
        tags.untag(request);
        return new UntagResourceResponse();
    }

    @Override
    public ListTagsForResourceResponse listTagsForResource(CallContext call, ListTagsForResourceRequest request) {
        return tags.list(request);
    }

    @Override
    public PutLoggingConfigurationResponse putLoggingConfiguration(CallContext call, PutLoggingConfigurationRequest request) {
        return logging.put(request);
    }

    @Override
    public GetLoggingConfigurationResponse getLoggingConfiguration(CallContext call, GetLoggingConfigurationRequest request) {
        return logging.get(request);
    }

    @Override
    public DeleteLoggingConfigurationResponse deleteLoggingConfiguration(CallContext call,
            DeleteLoggingConfigurationRequest request) {
        logging.delete(request);
        return new DeleteLoggingConfigurationResponse();
    }

    @Override
    public ListLoggingConfigurationsResponse listLoggingConfigurations(CallContext call,
            ListLoggingConfigurationsRequest request) {
        return logging.list(call, request);
    }

    @Override
    public GetSampledRequestsResponse getSampledRequests(CallContext call, GetSampledRequestsRequest request) {
        WafEntity acl = entities.byArn(request.webAclArn());
        if (acl == null || acl.kind() != EntityKind.WEB_ACL) {
            throw WafErrors.nonexistent();
        }
        return samples.sample(request);
    }

    @Override
    public GetRateBasedStatementManagedKeysResponse getRateBasedStatementManagedKeys(CallContext call,
            GetRateBasedStatementManagedKeysRequest request) {
        return managedKeys.get(call, request);
    }

    @Override
    public ListAvailableManagedRuleGroupsResponse listAvailableManagedRuleGroups(CallContext call,
            ListAvailableManagedRuleGroupsRequest request) {
        return managedRuleGroups.list(call, request);
    }

    @Override
    public DescribeManagedRuleGroupResponse describeManagedRuleGroup(CallContext call, DescribeManagedRuleGroupRequest request) {
        return managedRuleGroups.describe(call, request);
    }

    @Override
    public ListAvailableManagedRuleGroupVersionsResponse listAvailableManagedRuleGroupVersions(CallContext call,
            ListAvailableManagedRuleGroupVersionsRequest request) {
        return managedRuleGroups.versions(call, request);
    }

    @Override
    public DescribeAllManagedProductsResponse describeAllManagedProducts(CallContext call,
            DescribeAllManagedProductsRequest request) {
        return managedRuleGroups.products(call, request);
    }

    @Override
    public DescribeManagedProductsByVendorResponse describeManagedProductsByVendor(CallContext call,
            DescribeManagedProductsByVendorRequest request) {
        return managedRuleGroups.products(call, request);
    }

    @Override
    public ListManagedRuleSetsResponse listManagedRuleSets(CallContext call, ListManagedRuleSetsRequest request) {
        return managedRuleSets.list(call, request);
    }

    @Override
    public GetManagedRuleSetResponse getManagedRuleSet(CallContext call, GetManagedRuleSetRequest request) {
        return managedRuleSets.get(call, request);
    }

    @Override
    public PutManagedRuleSetVersionsResponse putManagedRuleSetVersions(CallContext call, PutManagedRuleSetVersionsRequest request) {
        return managedRuleSets.putVersions(call, request);
    }

    @Override
    public UpdateManagedRuleSetVersionExpiryDateResponse updateManagedRuleSetVersionExpiryDate(CallContext call,
            UpdateManagedRuleSetVersionExpiryDateRequest request) {
        return managedRuleSets.expire(call, request);
    }

    @Override
    public ListMobileSdkReleasesResponse listMobileSdkReleases(CallContext call, ListMobileSdkReleasesRequest request) {
        return mobileSdkReleases.list(request);
    }

    @Override
    public GetMobileSdkReleaseResponse getMobileSdkRelease(CallContext call, GetMobileSdkReleaseRequest request) {
        return mobileSdkReleases.get();
    }

    @Override
    public GenerateMobileSdkReleaseUrlResponse generateMobileSdkReleaseUrl(CallContext call,
            GenerateMobileSdkReleaseUrlRequest request) {
        return mobileSdkReleases.url();
    }

    @Override
    public PutPermissionPolicyResponse putPermissionPolicy(CallContext call, PutPermissionPolicyRequest request) {
        permissionPolicies.put(request.resourceArn(), request.policy());
        return new PutPermissionPolicyResponse();
    }

    @Override
    public GetPermissionPolicyResponse getPermissionPolicy(CallContext call, GetPermissionPolicyRequest request) {
        return new GetPermissionPolicyResponse(permissionPolicies.get(request.resourceArn()));
    }

    @Override
    public DeletePermissionPolicyResponse deletePermissionPolicy(CallContext call, DeletePermissionPolicyRequest request) {
        permissionPolicies.delete(request.resourceArn());
        return new DeletePermissionPolicyResponse();
    }

    @Override
    public CreateAPIKeyResponse createAPIKey(CallContext call, CreateAPIKeyRequest request) {
        return apiKeys.create(call, request);
    }

    @Override
    public ListAPIKeysResponse listAPIKeys(CallContext call, ListAPIKeysRequest request) {
        return apiKeys.list(call, request);
    }

    @Override
    public GetDecryptedAPIKeyResponse getDecryptedAPIKey(CallContext call, GetDecryptedAPIKeyRequest request) {
        return apiKeys.decrypt(call, request);
    }

    @Override
    public DeleteAPIKeyResponse deleteAPIKey(CallContext call, DeleteAPIKeyRequest request) {
        apiKeys.delete(call, request);
        return new DeleteAPIKeyResponse();
    }

    @Override
    public void close() {
        loadBalancers.close();
        enforcement.close();
        trafficLog.close();
        try {
            geo.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
