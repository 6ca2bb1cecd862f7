package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.wafv2.Wafv2Client;
import software.amazon.awssdk.services.wafv2.model.AllowAction;
import software.amazon.awssdk.services.wafv2.model.BlockAction;
import software.amazon.awssdk.services.wafv2.model.CountAction;
import software.amazon.awssdk.services.wafv2.model.CreateIpSetResponse;
import software.amazon.awssdk.services.wafv2.model.DefaultAction;
import software.amazon.awssdk.services.wafv2.model.FieldToMatch;
import software.amazon.awssdk.services.wafv2.model.IPAddressVersion;
import software.amazon.awssdk.services.wafv2.model.NotStatement;
import software.amazon.awssdk.services.wafv2.model.OverrideAction;
import software.amazon.awssdk.services.wafv2.model.Platform;
import software.amazon.awssdk.services.wafv2.model.PositionalConstraint;
import software.amazon.awssdk.services.wafv2.model.Regex;
import software.amazon.awssdk.services.wafv2.model.Rule;
import software.amazon.awssdk.services.wafv2.model.RuleAction;
import software.amazon.awssdk.services.wafv2.model.Scope;
import software.amazon.awssdk.services.wafv2.model.SqliMatchStatement;
import software.amazon.awssdk.services.wafv2.model.Statement;
import software.amazon.awssdk.services.wafv2.model.Tag;
import software.amazon.awssdk.services.wafv2.model.TextTransformation;
import software.amazon.awssdk.services.wafv2.model.TextTransformationType;
import software.amazon.awssdk.services.wafv2.model.VisibilityConfig;
import software.amazon.awssdk.services.wafv2.model.WafAssociatedItemException;
import software.amazon.awssdk.services.wafv2.model.WafDuplicateItemException;
import software.amazon.awssdk.services.wafv2.model.WafInvalidParameterException;
import software.amazon.awssdk.services.wafv2.model.WafInvalidPermissionPolicyException;
import software.amazon.awssdk.services.wafv2.model.WafLimitsExceededException;
import software.amazon.awssdk.services.wafv2.model.WafNonexistentItemException;
import software.amazon.awssdk.services.wafv2.model.WafOptimisticLockException;

/** The WAFv2 API through the AWS SDK: entities, lock tokens, capacity, validation, references, tags. */
class WafApiTest {
    static TestServer garrison;
    static Wafv2Client waf;

    @BeforeAll
    static void boot() throws Exception {
        garrison = TestServer.start(Map.of(), """
                load-balancers:
                  shop:
                    listeners:
                      - port: 0
                    target-groups:
                      web:
                        targets: [http://127.0.0.1:9]
                """, Clock.systemUTC());
        waf = client(garrison, Region.US_EAST_1);
    }

    @AfterAll
    static void stop() {
        waf.close();
        garrison.close();
    }

    static Wafv2Client client(TestServer garrison, Region region) {
        return Wafv2Client.builder().endpointOverride(garrison.endpoint()).region(region)
                .credentialsProvider(garrison.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    static VisibilityConfig visibility(String name) {
        return VisibilityConfig.builder().metricName(name).cloudWatchMetricsEnabled(true).sampledRequestsEnabled(true).build();
    }

    static Statement uriStartsWith(String prefix, TextTransformationType... transformations) {
        List<TextTransformation> list = new ArrayList<>();
        for (int i = 0; i < transformations.length; i++) {
            list.add(TextTransformation.builder().priority(i).type(transformations[i]).build());
        }
        if (list.isEmpty()) {
            list.add(TextTransformation.builder().priority(0).type(TextTransformationType.NONE).build());
        }
        return Statement.builder().byteMatchStatement(b -> b.fieldToMatch(FieldToMatch.builder().uriPath(u -> { }).build())
                .positionalConstraint(PositionalConstraint.STARTS_WITH).searchString(SdkBytes.fromUtf8String(prefix))
                .textTransformations(list)).build();
    }

    static Rule blockRule(String name, int priority, Statement statement) {
        return Rule.builder().name(name).priority(priority).statement(statement)
                .action(RuleAction.builder().block(BlockAction.builder().build()).build()).visibilityConfig(visibility(name))
                .build();
    }

    @Test
    void ipSetsAreCreatedReadUpdatedWithLockTokensListedAndDeleted() {
        CreateIpSetResponse created = waf.createIPSet(r -> r.name("office").scope(Scope.REGIONAL)
                .ipAddressVersion(IPAddressVersion.IPV4).addresses("10.0.0.0/8", "192.0.2.44/32").description("the office"));
        assertThat(created.summary().arn()).isEqualTo(
                "arn:aws:wafv2:us-east-1:123456789012:regional/ipset/office/" + created.summary().id());
        var got = waf.getIPSet(r -> r.name("office").scope(Scope.REGIONAL).id(created.summary().id()));
        assertThat(got.ipSet().addresses()).containsExactly("10.0.0.0/8", "192.0.2.44/32");
        assertThat(got.lockToken()).isEqualTo(created.summary().lockToken());

        String next = waf.updateIPSet(r -> r.name("office").scope(Scope.REGIONAL).id(created.summary().id())
                .lockToken(got.lockToken()).addresses("10.1.0.0/16")).nextLockToken();
        assertThat(next).isNotEqualTo(got.lockToken());
        assertThatThrownBy(() -> waf.updateIPSet(r -> r.name("office").scope(Scope.REGIONAL).id(created.summary().id())
                .lockToken(got.lockToken()).addresses("10.2.0.0/16")))
                .isInstanceOfSatisfying(WafOptimisticLockException.class, e -> assertThat(e.getMessage())
                        .startsWith("AWS WAF couldn’t save your changes because someone changed the resource"));
        assertThat(waf.getIPSet(r -> r.name("office").scope(Scope.REGIONAL).id(created.summary().id())).ipSet().addresses())
                .containsExactly("10.1.0.0/16");

        assertThatThrownBy(() -> waf.createIPSet(r -> r.name("office").scope(Scope.REGIONAL)
                .ipAddressVersion(IPAddressVersion.IPV4).addresses("10.0.0.0/8")))
                .isInstanceOf(WafDuplicateItemException.class);
        assertThatThrownBy(() -> waf.deleteIPSet(r -> r.name("office").scope(Scope.REGIONAL).id(created.summary().id())
                .lockToken(got.lockToken()))).isInstanceOf(WafOptimisticLockException.class);
        waf.deleteIPSet(r -> r.name("office").scope(Scope.REGIONAL).id(created.summary().id()).lockToken(next));
        assertThatThrownBy(() -> waf.getIPSet(r -> r.name("office").scope(Scope.REGIONAL).id(created.summary().id())))
                .isInstanceOf(WafNonexistentItemException.class);
    }

    @Test
    void badAddressesAndScopesAreRefusedAsAwsWafRefusesThem() {
        record Case(String name, String address, IPAddressVersion version) {}
        for (Case c : List.of(new Case("no prefix", "10.0.0.1", IPAddressVersion.IPV4),
                new Case("prefix too long", "10.0.0.0/33", IPAddressVersion.IPV4),
                new Case("octet too big", "300.0.0.0/8", IPAddressVersion.IPV4),
                new Case("v6 in a v4 set", "2001:db8::/32", IPAddressVersion.IPV4),
                new Case("v4 in a v6 set", "10.0.0.0/8", IPAddressVersion.IPV6),
                new Case("a name", "example.com/32", IPAddressVersion.IPV4))) {
            assertThatThrownBy(() -> waf.createIPSet(r -> r.name("bad").scope(Scope.REGIONAL).ipAddressVersion(c.version())
                    .addresses(c.address()))).as(c.name()).isInstanceOfSatisfying(WafInvalidParameterException.class, e -> {
                        assertThat(e.field().toString()).isEqualTo("IP_ADDRESS");
                        assertThat(e.parameter()).isEqualTo(c.address());
                        assertThat(e.getMessage()).startsWith("Error reason: The parameter contains formatting that isn't valid., "
                                + "field: IP_ADDRESS, parameter: " + c.address());
                    });
        }
        try (Wafv2Client west = client(garrison, Region.US_WEST_2)) {
            assertThatThrownBy(() -> west.listWebACLs(r -> r.scope(Scope.CLOUDFRONT)))
                    .isInstanceOfSatisfying(WafInvalidParameterException.class,
                            e -> assertThat(e.field().toString()).isEqualTo("SCOPE_VALUE"));
        }
        assertThat(waf.listIPSets(r -> r.scope(Scope.CLOUDFRONT)).ipSets()).isEmpty();
    }

    @Test
    void webAclsCompileComputeCapacityAndPage() {
        String set = waf.createRegexPatternSet(r -> r.name("bots").scope(Scope.REGIONAL)
                .regularExpressionList(Regex.builder().regexString("(?i)bot|crawler").build())).summary().arn();
        List<Rule> rules = List.of(
                blockRule("admin", 0, uriStartsWith("/admin", TextTransformationType.LOWERCASE)),
                blockRule("bots", 1, Statement.builder().regexPatternSetReferenceStatement(s -> s.arn(set)
                        .fieldToMatch(f -> f.singleHeader(h -> h.name("user-agent")))
                        .textTransformations(TextTransformation.builder().priority(0).type(TextTransformationType.NONE).build()))
                        .build()),
                Rule.builder().name("count-api").priority(2).statement(uriStartsWith("/api"))
                        .action(RuleAction.builder().count(CountAction.builder().build()).build())
                        .visibilityConfig(visibility("count-api")).build());
        assertThat(waf.checkCapacity(r -> r.scope(Scope.REGIONAL).rules(rules)).capacity()).isEqualTo(12 + 25 + 2);
        for (int i = 0; i < 3; i++) {
            String name = "acl-" + i;
            waf.createWebACL(r -> r.name(name).scope(Scope.REGIONAL).defaultAction(DefaultAction.builder()
                    .allow(AllowAction.builder().build()).build()).rules(rules).visibilityConfig(visibility(name))
                    .tags(Tag.builder().key("team").value("web").build()));
        }
        var first = waf.listWebACLs(r -> r.scope(Scope.REGIONAL).limit(2));
        assertThat(first.webACLs()).extracting(s -> s.name()).containsExactly("acl-0", "acl-1");
        var second = waf.listWebACLs(r -> r.scope(Scope.REGIONAL).limit(1).nextMarker(first.nextMarker()));
        assertThat(second.webACLs()).extracting(s -> s.name()).containsExactly("acl-2");

        var acl = waf.getWebACL(r -> r.arn(first.webACLs().getFirst().arn())).webACL();
        assertThat(acl.capacity()).isEqualTo(39L);
        assertThat(acl.labelNamespace()).isEqualTo("awswaf:123456789012:webacl:acl-0:");
        assertThat(acl.rules()).hasSize(3);
        assertThat(waf.listTagsForResource(r -> r.resourceARN(acl.arn())).tagInfoForResource().tagList())
                .containsExactly(Tag.builder().key("team").value("web").build());
        waf.untagResource(r -> r.resourceARN(acl.arn()).tagKeys("team"));
        assertThat(waf.listTagsForResource(r -> r.resourceARN(acl.arn())).tagInfoForResource().tagList()).isEmpty();

        assertThatThrownBy(() -> waf.deleteRegexPatternSet(r -> r.name("bots").scope(Scope.REGIONAL)
                .id(set.substring(set.lastIndexOf('/') + 1)).lockToken(waf.getRegexPatternSet(g -> g.name("bots")
                        .scope(Scope.REGIONAL).id(set.substring(set.lastIndexOf('/') + 1))).lockToken())))
                .isInstanceOf(WafAssociatedItemException.class);
    }

    @Test
    void invalidRuleSetsAreRefusedAndChangeNothing() {
        int before = waf.listWebACLs(r -> r.scope(Scope.REGIONAL)).webACLs().size();
        Statement deep = uriStartsWith("/x");
        for (int i = 0; i < 12; i++) {
            Statement inner = deep;
            deep = Statement.builder().notStatement(NotStatement.builder().statement(inner).build()).build();
        }
        Statement tooDeep = deep;
        record Case(String name, List<Rule> rules, Class<? extends Exception> error, String field) {}
        Statement two = uriStartsWith("/y").toBuilder().sqliMatchStatement(SqliMatchStatement.builder()
                .fieldToMatch(FieldToMatch.builder().uriPath(u -> { }).build())
                .textTransformations(TextTransformation.builder().priority(0).type(TextTransformationType.NONE).build())
                .build()).build();
        Statement manyTransformations = uriStartsWith("/z", TextTransformationType.URL_DECODE, TextTransformationType.LOWERCASE,
                TextTransformationType.HTML_ENTITY_DECODE, TextTransformationType.CMD_LINE, TextTransformationType.JS_DECODE);
        List<Rule> heavy = new ArrayList<>();
        for (int i = 0; i < 110; i++) {
            heavy.add(blockRule("heavy-" + i, i, manyTransformations));
        }
        for (Case c : List.of(
                new Case("nesting too deep", List.of(blockRule("deep", 0, tooDeep)), WafInvalidParameterException.class,
                        "STATEMENT"),
                new Case("two statements in one", List.of(blockRule("two", 0, two)), WafInvalidParameterException.class,
                        "STATEMENT"),
                new Case("duplicate rule names", List.of(blockRule("same", 0, uriStartsWith("/a")),
                        blockRule("same", 1, uriStartsWith("/b"))), WafInvalidParameterException.class, "RULE"),
                new Case("duplicate priorities", List.of(blockRule("one", 0, uriStartsWith("/a")),
                        blockRule("other", 0, uriStartsWith("/b"))), WafInvalidParameterException.class, "RULE"),
                new Case("override action on a plain rule", List.of(blockRule("o", 0, uriStartsWith("/a")).toBuilder()
                        .overrideAction(OverrideAction.builder().count(CountAction.builder().build()).build()).build()),
                        WafInvalidParameterException.class, "RULE_ACTION"),
                new Case("unknown IP set", List.of(blockRule("ip", 0, Statement.builder().ipSetReferenceStatement(s -> s.arn(
                        "arn:aws:wafv2:us-east-1:123456789012:regional/ipset/none/00000000-0000-0000-0000-000000000000"))
                        .build())), WafNonexistentItemException.class, null),
                new Case("capacity over 5000", heavy, WafLimitsExceededException.class, null))) {
            assertThatThrownBy(() -> waf.createWebACL(r -> r.name("invalid").scope(Scope.REGIONAL)
                    .defaultAction(DefaultAction.builder().allow(AllowAction.builder().build()).build()).rules(c.rules())
                    .visibilityConfig(visibility("invalid")))).as(c.name()).isInstanceOfSatisfying(c.error(), e -> {
                        if (c.field() != null) {
                            assertThat(((WafInvalidParameterException) e).field().toString()).isEqualTo(c.field());
                        }
                    });
        }
        assertThat(waf.listWebACLs(r -> r.scope(Scope.REGIONAL)).webACLs()).hasSize(before);
    }

    @Test
    void garrisonProvidesNoManagedRuleGroupsYet() {
        assertThat(waf.listAvailableManagedRuleGroups(r -> r.scope(Scope.REGIONAL)).managedRuleGroups()).isEmpty();
        assertThat(waf.describeAllManagedProducts(r -> r.scope(Scope.REGIONAL)).managedProducts()).isEmpty();
        assertThat(waf.describeManagedProductsByVendor(r -> r.scope(Scope.REGIONAL).vendorName("AWS")).managedProducts()).isEmpty();
        assertThatThrownBy(() -> waf.describeManagedRuleGroup(r -> r.scope(Scope.REGIONAL).vendorName("AWS")
                .name("AWSManagedRulesCommonRuleSet"))).isInstanceOf(WafNonexistentItemException.class);
        assertThatThrownBy(() -> waf.listAvailableManagedRuleGroupVersions(r -> r.scope(Scope.REGIONAL).vendorName("AWS")
                .name("AWSManagedRulesCommonRuleSet"))).isInstanceOf(WafNonexistentItemException.class);
    }

    @Test
    void noAccountIsAVendorOfManagedRuleSetsAndThereIsNoMobileSdk() {
        String id = "0123abcd-0123-4567-89ab-0123456789ab";
        assertThat(waf.listManagedRuleSets(r -> r.scope(Scope.REGIONAL)).managedRuleSets()).isEmpty();
        assertThatThrownBy(() -> waf.listManagedRuleSets(r -> r.scope(Scope.REGIONAL).nextMarker("bm90LWhhbmRlZC1vdXQ")))
                .isInstanceOf(WafInvalidParameterException.class);
        assertThatThrownBy(() -> waf.getManagedRuleSet(r -> r.scope(Scope.REGIONAL).name("rules").id(id)))
                .isInstanceOf(WafNonexistentItemException.class);
        assertThatThrownBy(() -> waf.putManagedRuleSetVersions(r -> r.scope(Scope.REGIONAL).name("rules").id(id).lockToken(id)
                .recommendedVersion("1.0"))).isInstanceOf(WafNonexistentItemException.class);
        assertThatThrownBy(() -> waf.updateManagedRuleSetVersionExpiryDate(r -> r.scope(Scope.REGIONAL).name("rules").id(id)
                .lockToken(id).versionToExpire("1.0").expiryTimestamp(Instant.parse("2027-01-01T00:00:00Z"))))
                .isInstanceOf(WafNonexistentItemException.class);
        assertThatThrownBy(() -> waf.getManagedRuleSet(r -> r.scope(Scope.REGIONAL).name("rules").id("not-an-id")))
                .hasMessageStartingWith("1 validation error detected: Value 'not-an-id' at 'id' failed to satisfy constraint");

        assertThat(waf.listMobileSdkReleases(r -> r.platform(Platform.ANDROID)).releaseSummaries()).isEmpty();
        assertThatThrownBy(() -> waf.getMobileSdkRelease(r -> r.platform(Platform.IOS).releaseVersion("1.0.0")))
                .isInstanceOf(WafNonexistentItemException.class);
        assertThatThrownBy(() -> waf.generateMobileSdkReleaseUrl(r -> r.platform(Platform.IOS).releaseVersion("1.0.0")))
                .isInstanceOf(WafNonexistentItemException.class);
    }

    @Test
    void deletingFirewallManagerRuleGroupsChecksTheLockTokenAndLeavesTheWebAclAsItIs() {
        var created = waf.createWebACL(r -> r.name("firewall-managed").scope(Scope.REGIONAL)
                .defaultAction(DefaultAction.builder().allow(AllowAction.builder().build()).build())
                .rules(blockRule("admin", 0, uriStartsWith("/admin"))).visibilityConfig(visibility("firewall-managed")))
                .summary();
        String token = created.lockToken();
        assertThat(waf.deleteFirewallManagerRuleGroups(r -> r.webACLArn(created.arn()).webACLLockToken(token))
                .nextWebACLLockToken()).isEqualTo(token);
        var acl = waf.getWebACL(r -> r.arn(created.arn()));
        assertThat(acl.lockToken()).isEqualTo(token);
        assertThat(acl.webACL().rules()).extracting(Rule::name).containsExactly("admin");
        assertThat(acl.webACL().preProcessFirewallManagerRuleGroups()).isEmpty();

        String stale = "0123abcd-0123-4567-89ab-0123456789ab";
        assertThatThrownBy(() -> waf.deleteFirewallManagerRuleGroups(r -> r.webACLArn(created.arn()).webACLLockToken(stale)))
                .isInstanceOf(WafOptimisticLockException.class);
        assertThatThrownBy(() -> waf.deleteFirewallManagerRuleGroups(r -> r.webACLArn(created.arn().replace("firewall-managed",
                "elsewhere")).webACLLockToken(token))).isInstanceOf(WafNonexistentItemException.class);
    }

    @Test
    void ruleGroupsHoldTheirCapacityAndAreReferencedByWebAcls() {
        var group = waf.createRuleGroup(r -> r.name("common").scope(Scope.REGIONAL).capacity(20L)
                .rules(blockRule("g-admin", 0, uriStartsWith("/admin"))).visibilityConfig(visibility("common"))).summary();
        assertThatThrownBy(() -> waf.updateRuleGroup(r -> r.name("common").scope(Scope.REGIONAL).id(group.id())
                .lockToken(group.lockToken()).visibilityConfig(visibility("common")).rules(
                        blockRule("a", 0, uriStartsWith("/a", TextTransformationType.LOWERCASE)),
                        blockRule("b", 1, uriStartsWith("/b", TextTransformationType.LOWERCASE)))))
                .isInstanceOf(WafLimitsExceededException.class);
        Rule reference = Rule.builder().name("use-common").priority(0)
                .statement(Statement.builder().ruleGroupReferenceStatement(s -> s.arn(group.arn())).build())
                .overrideAction(OverrideAction.builder().none(n -> { }).build()).visibilityConfig(visibility("use-common"))
                .build();
        var acl = waf.createWebACL(r -> r.name("with-group").scope(Scope.REGIONAL)
                .defaultAction(DefaultAction.builder().allow(AllowAction.builder().build()).build()).rules(reference)
                .visibilityConfig(visibility("with-group"))).summary();
        assertThat(waf.getWebACL(r -> r.arn(acl.arn())).webACL().capacity()).isEqualTo(20L);
        assertThat(waf.getRuleGroup(r -> r.arn(group.arn())).ruleGroup().labelNamespace())
                .isEqualTo("awswaf:123456789012:rulegroup:common:");
        assertThatThrownBy(() -> waf.deleteRuleGroup(r -> r.name("common").scope(Scope.REGIONAL).id(group.id())
                .lockToken(group.lockToken()))).isInstanceOf(WafAssociatedItemException.class);
    }

    @Test
    void permissionPoliciesShareRuleGroupsOnlyInTheFormAwsAccepts() {
        var group = waf.createRuleGroup(r -> r.name("shared").scope(Scope.REGIONAL).capacity(10L)
                .visibilityConfig(visibility("shared"))).summary();
        assertThat(waf.getPermissionPolicy(r -> r.resourceArn(group.arn())).policy()).isNull();
        String policy = """
                {"Version":"2012-10-17","Statement":[{"Sid":"share","Effect":"Allow",
                 "Principal":{"AWS":"arn:aws:iam::111122223333:root"},
                 "Action":["wafv2:CreateWebACL","wafv2:UpdateWebACL","wafv2:PutFirewallManagerRuleGroups","wafv2:GetRuleGroup"]}]}""";
        waf.putPermissionPolicy(r -> r.resourceArn(group.arn()).policy(policy));
        assertThat(waf.getPermissionPolicy(r -> r.resourceArn(group.arn())).policy()).isEqualTo(policy);

        for (String bad : List.of("not json", policy.replace("2012-10-17", "2008-10-17"),
                policy.replace("\"Allow\"", "\"Deny\""), policy.replace(",\"wafv2:GetRuleGroup\"", ",\"wafv2:*\""),
                policy.replace("\"wafv2:UpdateWebACL\",", ""), policy.replace("\"Sid\":\"share\",", "\"Resource\":\"*\","),
                policy.replace("\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},", ""))) {
            assertThatThrownBy(() -> waf.putPermissionPolicy(r -> r.resourceArn(group.arn()).policy(bad)))
                    .as(bad).isInstanceOf(WafInvalidPermissionPolicyException.class);
        }
        assertThat(waf.getPermissionPolicy(r -> r.resourceArn(group.arn())).policy()).isEqualTo(policy);

        String missing = group.arn().replace(group.id(), "00000000-0000-0000-0000-000000000000");
        assertThatThrownBy(() -> waf.putPermissionPolicy(r -> r.resourceArn(missing).policy(policy)))
                .isInstanceOf(WafNonexistentItemException.class);
        waf.deletePermissionPolicy(r -> r.resourceArn(group.arn()));
        assertThat(waf.getPermissionPolicy(r -> r.resourceArn(group.arn())).policy()).isNull();

        waf.putPermissionPolicy(r -> r.resourceArn(group.arn()).policy(policy));
        waf.deleteRuleGroup(r -> r.name("shared").scope(Scope.REGIONAL).id(group.id()).lockToken(group.lockToken()));
        assertThatThrownBy(() -> waf.getPermissionPolicy(r -> r.resourceArn(group.arn())))
                .isInstanceOf(WafNonexistentItemException.class);
    }

    @Test
    void apiKeysNameTheirTokenDomains() {
        String key = waf.createAPIKey(r -> r.scope(Scope.REGIONAL).tokenDomains("example.com", "shop.example.org")).apiKey();
        var decrypted = waf.getDecryptedAPIKey(r -> r.scope(Scope.REGIONAL).apiKey(key));
        assertThat(decrypted.tokenDomains()).containsExactly("example.com", "shop.example.org");
        assertThat(waf.listAPIKeys(r -> r.scope(Scope.REGIONAL)).apiKeySummaries())
                .anySatisfy(s -> assertThat(s.apiKey()).isEqualTo(key));
        assertThatThrownBy(() -> waf.createAPIKey(r -> r.scope(Scope.REGIONAL)
                .tokenDomains("com"))).isInstanceOf(WafInvalidParameterException.class);
        assertThatThrownBy(() -> waf.getDecryptedAPIKey(r -> r.scope(Scope.REGIONAL)
                .apiKey(key.substring(0, key.length() - 2) + "xx"))).isInstanceOf(WafNonexistentItemException.class);
        waf.deleteAPIKey(r -> r.scope(Scope.REGIONAL).apiKey(key));
        assertThatThrownBy(() -> waf.getDecryptedAPIKey(r -> r.scope(Scope.REGIONAL)
                .apiKey(key))).isInstanceOf(WafNonexistentItemException.class);
    }
}
