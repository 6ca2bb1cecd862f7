package dev.garrison.waf;

import com.google.re2j.Pattern;
import dev.garrison.api.wafv2.AllowAction;
import dev.garrison.api.wafv2.BlockAction;
import dev.garrison.api.wafv2.CountAction;
import dev.garrison.api.wafv2.CustomHTTPHeader;
import dev.garrison.api.wafv2.CustomRequestHandling;
import dev.garrison.api.wafv2.CustomResponse;
import dev.garrison.api.wafv2.CustomResponseBody;
import dev.garrison.api.wafv2.DefaultAction;
import dev.garrison.api.wafv2.ExcludedRule;
import dev.garrison.api.wafv2.FieldToMatch;
import dev.garrison.api.wafv2.ForwardedIPConfig;
import dev.garrison.api.wafv2.IPSet;
import dev.garrison.api.wafv2.IPSetForwardedIPConfig;
import dev.garrison.api.wafv2.ImmunityTimeProperty;
import dev.garrison.api.wafv2.Label;
import dev.garrison.api.wafv2.RateBasedStatement;
import dev.garrison.api.wafv2.RateBasedStatementCustomKey;
import dev.garrison.api.wafv2.Regex;
import dev.garrison.api.wafv2.RegexPatternSet;
import dev.garrison.api.wafv2.Rule;
import dev.garrison.api.wafv2.RuleAction;
import dev.garrison.api.wafv2.RuleActionOverride;
import dev.garrison.api.wafv2.RuleGroup;
import dev.garrison.api.wafv2.RuleGroupReferenceStatement;
import dev.garrison.api.wafv2.Statement;
import dev.garrison.api.wafv2.TextTransformation;
import dev.garrison.api.wafv2.WebACL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Compiles web ACLs and rule groups into what the proxy runs, and in doing so checks them: a
 * rule set that compiles is one Garrison enforces faithfully. What AWS would refuse, and what
 * Garrison cannot yet evaluate, is refused with WAFInvalidParameterException naming the field.
 */
final class PlanCompiler {
    /** How deep And, Or and Not may nest. */
    static final int MAX_DEPTH = 10;

    private final String account;
    private final String scopeAndRegion;
    private final Function<String, @Nullable WafEntity> resolve;
    private final RateLimits rates;
    private final GeoIp geo;
    private final TokenSigner signer;
    /** The counter paths of the rate-based rules compiled so far. */
    private final Set<String> ratePaths = new HashSet<>();
    /** The evaluation slot of each distinct field and transformation pair compiled so far. */
    private final Map<String, Integer> slots = new HashMap<>();

    /**
     * {@code scopeAndRegion} is the shelf prefix references must share ({@code REGIONAL/us-east-1});
     * {@code resolve} finds an entity by ARN; rate-based rules count in {@code rates}; geo and ASN
     * statements and tokens use {@code resources}.
     */
    PlanCompiler(String account, String scopeAndRegion, Function<String, @Nullable WafEntity> resolve, RateLimits rates,
            PlanResources resources) {
        this.account = account;
        this.scopeAndRegion = scopeAndRegion;
        this.resolve = resolve;
        this.rates = rates;
        this.geo = resources.geo();
        this.signer = resources.signer();
    }

    /** The counter paths of the rate-based rules compiled so far. */
    Set<String> ratePaths() {
        return Set.copyOf(ratePaths);
    }

    /** The counter path of a web ACL's rule, or of a rule in a group a web ACL rule references. */
    static String ratePath(String webAclArn, @Nullable String referencingRule, String rule) {
        return webAclArn + "/" + (referencingRule == null ? "" : referencingRule + "/") + rule;
    }

    WebAclPlan webAcl(WebACL acl) {
        Map<String, CustomResponseBody> bodies = acl.customResponseBodies() == null ? Map.of() : acl.customResponseBodies();
        List<CompiledRule> rules = rules(acl.rules() == null ? List.of() : acl.rules(),
                "awswaf:" + account + ":webacl:" + acl.name() + ":", bodies, acl.arn(), null);
        return new WebAclPlan(acl.arn(), Visibility.of(acl.visibilityConfig()), rules,
                defaultAction(acl.defaultAction(), bodies), new TokenPolicy(signer,
                        acl.tokenDomains() == null ? List.of() : acl.tokenDomains().stream().map(PlanCompiler::tokenDomain).toList(),
                        immunity(acl.captchaConfig() == null ? null : acl.captchaConfig().immunityTimeProperty(),
                                TokenPolicy.DEFAULT_IMMUNITY),
                        challengeImmunity(acl.challengeConfig() == null ? null : acl.challengeConfig().immunityTimeProperty(),
                                TokenPolicy.DEFAULT_IMMUNITY)), slots.size());
    }

    /** AWS WAF counts a solved challenge for at least 300 seconds. */
    private static long challengeImmunity(@Nullable ImmunityTimeProperty property, long otherwise) {
        long seconds = immunity(property, otherwise);
        if (seconds != 0 && seconds < 300) {
            throw WafErrors.invalid("CHALLENGE_CONFIG", Long.toString(seconds),
                    "The challenge immunity time must be at least 300 seconds.");
        }
        return seconds;
    }

    private static long immunity(@Nullable ImmunityTimeProperty property, long otherwise) {
        return property == null ? otherwise : property.immunityTime();
    }

    /** A token domain as AWS WAF takes it: a domain name, not an address or a public suffix alone. */
    static String tokenDomain(String domain) {
        String name = domain.toLowerCase(java.util.Locale.ROOT);
        if (!name.contains(".") || name.startsWith(".") || name.endsWith(".") || name.contains("/")
                || name.matches("[0-9.]+")) {
            throw WafErrors.invalid("TOKEN_DOMAIN", domain, "A token domain must be a domain name such as example.com.");
        }
        return name;
    }

    /**
     * Compiles a rule group's rules; {@code name} gives their labels' namespace. Their rate counters
     * belong to the web ACL rule that references the group ({@code webAclArn} and
     * {@code referencingRule}); null when only checking the group.
     */
    List<CompiledRule> ruleGroup(String name, @Nullable List<Rule> rules, @Nullable Map<String, CustomResponseBody> bodies,
            @Nullable String webAclArn, @Nullable String referencingRule) {
        return rules(rules == null ? List.of() : rules, "awswaf:" + account + ":rulegroup:" + name + ":",
                bodies == null ? Map.of() : bodies, webAclArn == null ? "check:" + name : webAclArn,
                referencingRule == null ? "" : referencingRule);
    }

    ActionPlan defaultAction(DefaultAction action, Map<String, CustomResponseBody> bodies) {
        if ((action.allow() == null) == (action.block() == null)) {
            throw exactlyOne("DEFAULT_ACTION", "DefaultAction");
        }
        return action.allow() != null ? allow(action.allow()) : block(action.block(), bodies);
    }

    /** {@code referencingRule} is null for a web ACL's own rules, the referencing rule's name for a group's. */
    private List<CompiledRule> rules(List<Rule> rules, String namespace, Map<String, CustomResponseBody> bodies,
            String owner, @Nullable String referencingRule) {
        Set<String> names = new HashSet<>();
        Set<Integer> priorities = new HashSet<>();
        List<CompiledRule> compiled = new ArrayList<>();
        for (Rule rule : rules.stream().sorted(Comparator.comparing(Rule::priority)).toList()) {
            if (!names.add(rule.name())) {
                throw WafErrors.invalid("RULE", rule.name(), "A rule name must be unique within its rule set.");
            }
            if (!priorities.add(rule.priority())) {
                throw WafErrors.invalid("RULE", rule.name(), "A rule priority must be unique within its rule set.");
            }
            compiled.add(rule(rule, namespace, bodies, owner, referencingRule));
        }
        return compiled;
    }

    private CompiledRule rule(Rule rule, String namespace, Map<String, CustomResponseBody> bodies, String owner,
            @Nullable String referencingRule) {
        List<String> labels = rule.ruleLabels() == null ? List.of()
                : rule.ruleLabels().stream().map(Label::name).map(n -> namespace + n).toList();
        Statement statement = rule.statement();
        if (statement.ruleGroupReferenceStatement() != null && present(statement) == 1) {
            if (referencingRule != null) {
                throw WafErrors.invalid("RULE_GROUP_REFERENCE_STATEMENT", rule.name(),
                        "A rule group cannot reference another rule group.");
            }
            if (rule.action() != null || rule.overrideAction() == null) {
                throw WafErrors.invalid("OVERRIDE_ACTION", rule.name(),
                        "A rule that references a rule group takes an OverrideAction and no Action.");
            }
            return groupReference(rule, statement.ruleGroupReferenceStatement(), labels, owner);
        }
        if (statement.managedRuleGroupStatement() != null && present(statement) == 1) {
            throw WafErrors.invalid("MANAGED_RULE_SET_STATEMENT", statement.managedRuleGroupStatement().name(),
                    "Garrison provides no managed rule groups yet.");
        }
        if (rule.overrideAction() != null || rule.action() == null) {
            throw WafErrors.invalid("RULE_ACTION", rule.name(),
                    "A rule with a statement takes an Action and no OverrideAction.");
        }
        Matcher matcher = statement.rateBasedStatement() != null && present(statement) == 1
                ? rateBased(statement.rateBasedStatement(), ratePath(owner, referencingRule, rule.name()))
                : statement(statement, 1);
        return new CompiledRule(rule.name(), rule.priority(), matcher instanceof RateBasedMatch ? "RATE_BASED" : "REGULAR",
                Visibility.of(rule.visibilityConfig()), matcher, action(rule.action(), bodies, rule), labels, null);
    }

    private CompiledRule groupReference(Rule rule, RuleGroupReferenceStatement reference, List<String> labels, String owner) {
        WafEntity entity = reference(reference.arn(), EntityKind.RULE_GROUP);
        RuleGroup group = RuleGroup.fromTree(entity.body());
        List<CompiledRule> rules = ruleGroup(group.name(), group.rules(), group.customResponseBodies(), owner, rule.name());
        Set<String> ruleNames = new HashSet<>(rules.stream().map(CompiledRule::name).toList());
        Set<String> counted = new HashSet<>();
        for (ExcludedRule excluded : reference.excludedRules() == null ? List.<ExcludedRule>of() : reference.excludedRules()) {
            counted.add(excluded.name());
        }
        Map<String, ActionPlan> overrides = new LinkedHashMap<>();
        if (reference.ruleActionOverrides() != null) {
            for (RuleActionOverride override : reference.ruleActionOverrides()) {
                if (!ruleNames.contains(override.name())) {
                    throw WafErrors.invalid("RULE", override.name(), "The rule group has no rule of this name.");
                }
                overrides.put(override.name(), action(override.actionToUse(),
                        group.customResponseBodies() == null ? Map.of() : group.customResponseBodies(), null));
            }
        }
        boolean countAll = rule.overrideAction().count() != null;
        if (countAll == (rule.overrideAction().none() != null)) {
            throw exactlyOne("OVERRIDE_ACTION", rule.name());
        }
        return new CompiledRule(rule.name(), rule.priority(), "GROUP", Visibility.of(rule.visibilityConfig()), null, null,
                labels,
                new CompiledRule.Group(entity.id(), rules, counted, overrides, countAll));
    }

    /** {@code rule} gives a CAPTCHA or Challenge action its immunity time; null for an override. */
    private ActionPlan action(RuleAction action, Map<String, CustomResponseBody> bodies, @Nullable Rule rule) {
        long set = Stream.of(action.allow(), action.block(), action.count(), action.captcha(), action.challenge())
                .filter(Objects::nonNull).count();
        if (set != 1) {
            throw exactlyOne("RULE_ACTION", "Action");
        }
        if (action.captcha() != null) {
            return new ActionPlan(ActionPlan.Kind.CAPTCHA, inserted(action.captcha().customRequestHandling()), null,
                    immunity(rule == null || rule.captchaConfig() == null ? null : rule.captchaConfig().immunityTimeProperty(), 0));
        }
        if (action.challenge() != null) {
            return new ActionPlan(ActionPlan.Kind.CHALLENGE, inserted(action.challenge().customRequestHandling()), null,
                    challengeImmunity(rule == null || rule.challengeConfig() == null ? null
                            : rule.challengeConfig().immunityTimeProperty(), 0));
        }
        if (action.allow() != null) {
            return allow(action.allow());
        }
        if (action.count() != null) {
            return count(action.count());
        }
        return block(action.block(), bodies);
    }

    private static ActionPlan allow(AllowAction allow) {
        return new ActionPlan(ActionPlan.Kind.ALLOW, inserted(allow.customRequestHandling()), null, 0);
    }

    private static ActionPlan count(CountAction count) {
        return new ActionPlan(ActionPlan.Kind.COUNT, inserted(count.customRequestHandling()), null, 0);
    }

    private static ActionPlan block(BlockAction block, Map<String, CustomResponseBody> bodies) {
        CustomResponse custom = block.customResponse();
        if (custom == null) {
            return new ActionPlan(ActionPlan.Kind.BLOCK, List.of(), BlockResponse.DEFAULT, 0);
        }
        String body = null;
        String contentType = "text/plain";
        if (custom.customResponseBodyKey() != null) {
            CustomResponseBody found = bodies.get(custom.customResponseBodyKey());
            if (found == null) {
                throw WafErrors.invalid("CUSTOM_RESPONSE_BODY", custom.customResponseBodyKey(),
                        "The custom response body key is not defined in CustomResponseBodies.");
            }
            body = found.content();
            contentType = switch (found.contentType()) {
                case "APPLICATION_JSON" -> "application/json";
                case "TEXT_HTML" -> "text/html";
                default -> "text/plain";
            };
        }
        List<Map.Entry<String, String>> headers = custom.responseHeaders() == null ? List.of()
                : custom.responseHeaders().stream().map(h -> Map.entry(h.name(), h.value())).toList();
        return new ActionPlan(ActionPlan.Kind.BLOCK, List.of(),
                new BlockResponse(custom.responseCode(), headers, body, contentType), 0);
    }

    private static List<Map.Entry<String, String>> inserted(@Nullable CustomRequestHandling handling) {
        if (handling == null) {
            return List.of();
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (CustomHTTPHeader header : handling.insertHeaders()) {
            headers.add(Map.entry("x-amzn-waf-" + header.name(), header.value()));
        }
        return headers;
    }

    /** Compiles a statement at nesting level {@code depth} (1 for a rule's own). */
    Matcher statement(Statement s, int depth) {
        if (depth > MAX_DEPTH) {
            throw WafErrors.invalid("STATEMENT", "Statement",
                    "Statements nest too deeply: at most " + MAX_DEPTH + " levels are allowed.");
        }
        if (present(s) != 1) {
            throw exactlyOne("STATEMENT", "Statement");
        }
        if (s.byteMatchStatement() != null) {
            var b = s.byteMatchStatement();
            return new ByteMatch(inspection(b.fieldToMatch(), b.textTransformations()), b.positionalConstraint(),
                    new String(b.searchString(), StandardCharsets.ISO_8859_1));
        }
        if (s.sizeConstraintStatement() != null) {
            var c = s.sizeConstraintStatement();
            return new SizeConstraint(inspection(c.fieldToMatch(), c.textTransformations()), c.comparisonOperator(), c.size());
        }
        if (s.regexMatchStatement() != null) {
            var r = s.regexMatchStatement();
            return new RegexMatch(inspection(r.fieldToMatch(), r.textTransformations()),
                    List.of(RegexPatternSetOperations.compile(r.regexString(), "REGEX_PATTERN_REFERENCE_STATEMENT")));
        }
        if (s.regexPatternSetReferenceStatement() != null) {
            var r = s.regexPatternSetReferenceStatement();
            RegexPatternSet set = RegexPatternSet.fromTree(reference(r.arn(), EntityKind.REGEX_PATTERN_SET).body());
            List<Pattern> patterns = new ArrayList<>();
            for (Regex regex : set.regularExpressionList()) {
                patterns.add(RegexPatternSetOperations.compile(regex.regexString(), "REGEX_PATTERN_SET"));
            }
            return new RegexMatch(inspection(r.fieldToMatch(), r.textTransformations()), patterns);
        }
        if (s.ipSetReferenceStatement() != null) {
            var r = s.ipSetReferenceStatement();
            IPSet set = IPSet.fromTree(reference(r.arn(), EntityKind.IP_SET).body());
            List<Cidr> ranges = set.addresses().stream().map(a -> Cidr.parse(a, set.ipAddressVersion())).toList();
            IPSetForwardedIPConfig forwarded = r.ipSetForwardedIPConfig();
            return new IpSetMatch(ranges, forwarded == null ? null
                    : new ForwardedIp(forwarded.headerName(), forwarded.position(), forwarded.fallbackBehavior().equals("MATCH")));
        }
        if (s.sqliMatchStatement() != null) {
            var q = s.sqliMatchStatement();
            return new SqliMatch(inspection(q.fieldToMatch(), q.textTransformations()), "HIGH".equals(q.sensitivityLevel()));
        }
        if (s.xssMatchStatement() != null) {
            var x = s.xssMatchStatement();
            return new XssMatch(inspection(x.fieldToMatch(), x.textTransformations()));
        }
        if (s.andStatement() != null) {
            return new AndMatch(nested(s.andStatement().statements(), depth, "AND_STATEMENT"));
        }
        if (s.orStatement() != null) {
            return new OrMatch(nested(s.orStatement().statements(), depth, "OR_STATEMENT"));
        }
        if (s.notStatement() != null) {
            return new NotMatch(statement(s.notStatement().statement(), depth + 1));
        }
        if (s.labelMatchStatement() != null) {
            return new LabelMatch(s.labelMatchStatement().scope(), s.labelMatchStatement().key());
        }
        if (s.ruleGroupReferenceStatement() != null || s.managedRuleGroupStatement() != null) {
            throw WafErrors.invalid(s.ruleGroupReferenceStatement() != null ? "RULE_GROUP_REFERENCE_STATEMENT"
                    : "MANAGED_RULE_SET_STATEMENT", "Statement", "A rule group statement can only be a rule's own statement.");
        }
        if (s.rateBasedStatement() != null) {
            throw WafErrors.invalid("RATE_BASED_STATEMENT", "Statement",
                    "A rate-based statement can only be a rule's own statement, not nested in another.");
        }
        if (s.geoMatchStatement() != null) {
            if (!geo.hasCountries()) {
                throw WafErrors.invalid("GEO_MATCH_STATEMENT", "Statement",
                        "Garrison has no country database: name one with waf-geo-database in garrison.yaml.");
            }
            var g = s.geoMatchStatement();
            if (g.countryCodes() == null) {
                throw WafErrors.invalid("GEO_MATCH_STATEMENT", "CountryCodes", "A geo match statement needs country codes.");
            }
            return new GeoMatch(Set.copyOf(g.countryCodes()), forwarded(g.forwardedIPConfig()), geo);
        }
        if (!geo.hasAsns()) {
            throw WafErrors.invalid("STATEMENT", "AsnMatchStatement",
                    "Garrison has no ASN database: name one with waf-asn-database in garrison.yaml.");
        }
        var a = s.asnMatchStatement();
        return new AsnMatch(Set.copyOf(a.asnList()), forwarded(a.forwardedIPConfig()), geo);
    }

    private static @Nullable ForwardedIp forwarded(@Nullable ForwardedIPConfig config) {
        return config == null ? null
                : new ForwardedIp(config.headerName(), "FIRST", config.fallbackBehavior().equals("MATCH"));
    }

    private RateBasedMatch rateBased(RateBasedStatement r, String path) {
        long window = r.evaluationWindowSec() == null ? 300 : r.evaluationWindowSec();
        if (window != 60 && window != 120 && window != 300 && window != 600) {
            throw WafErrors.invalid("RATE_BASED_STATEMENT", Long.toString(window),
                    "The evaluation window must be 60, 120, 300 or 600 seconds.");
        }
        ForwardedIp forwarded = forwarded(r.forwardedIPConfig());
        RateKey key = switch (r.aggregateKeyType()) {
            case "IP" -> RateKey.ip();
            case "CONSTANT" -> RateKey.constant();
            case "FORWARDED_IP" -> {
                if (forwarded == null) {
                    throw WafErrors.invalid("FORWARDED_IP_CONFIG", "RateBasedStatement",
                            "Aggregating on FORWARDED_IP needs a ForwardedIPConfig.");
                }
                yield RateKey.forwardedIp(forwarded)::of;
            }
            default -> RateKey.custom(customKeys(r, forwarded));
        };
        if (!r.aggregateKeyType().equals("CUSTOM_KEYS") && r.customKeys() != null && !r.customKeys().isEmpty()) {
            throw WafErrors.invalid("CUSTOM_KEYS", r.aggregateKeyType(), "Custom keys go with the aggregate key type CUSTOM_KEYS.");
        }
        boolean usesForwarded = r.aggregateKeyType().equals("FORWARDED_IP") || r.customKeys() != null
                && r.customKeys().stream().anyMatch(k -> k.forwardedIP() != null);
        ratePaths.add(path);
        return new RateBasedMatch(rates.counter(path, window, r.aggregateKeyType() + r.customKeys() + r.forwardedIPConfig()),
                r.limit(), key, r.scopeDownStatement() == null ? null : statement(r.scopeDownStatement(), 2),
                usesForwarded ? forwarded : null);
    }

    private List<RateKey.Component> customKeys(RateBasedStatement r, @Nullable ForwardedIp forwarded) {
        if (r.customKeys() == null || r.customKeys().isEmpty() || r.customKeys().size() > 5) {
            throw WafErrors.invalid("CUSTOM_KEYS", "CustomKeys", "Aggregating on CUSTOM_KEYS needs 1 to 5 custom keys.");
        }
        List<RateKey.Component> components = new ArrayList<>();
        for (RateBasedStatementCustomKey k : r.customKeys()) {
            long set = Stream.of(k.asn(), k.cookie(), k.forwardedIP(), k.httpMethod(), k.header(), k.ip(), k.jA3Fingerprint(),
                    k.jA4Fingerprint(), k.labelNamespace(), k.queryArgument(), k.queryString(), k.uriPath())
                    .filter(Objects::nonNull).count();
            if (set != 1) {
                throw exactlyOne("CUSTOM_KEYS", "CustomKey");
            }
            if (k.ip() != null) {
                components.add(evaluation -> evaluation.request.clientIpText());
            } else if (k.forwardedIP() != null) {
                if (forwarded == null) {
                    throw WafErrors.invalid("FORWARDED_IP_CONFIG", "RateBasedStatement",
                            "A ForwardedIP custom key needs a ForwardedIPConfig.");
                }
                components.add(RateKey.forwardedIp(forwarded));
            } else if (k.httpMethod() != null) {
                components.add(RateKey.field(new MethodField(), text -> text));
            } else if (k.header() != null) {
                components.add(RateKey.field(new SingleHeaderField(k.header().name()),
                        Transforms.chain(k.header().textTransformations())));
            } else if (k.cookie() != null) {
                components.add(RateKey.field(RateKey.cookie(k.cookie().name()), Transforms.chain(k.cookie().textTransformations())));
            } else if (k.queryArgument() != null) {
                components.add(RateKey.field(new SingleQueryArgumentField(k.queryArgument().name()),
                        Transforms.chain(k.queryArgument().textTransformations())));
            } else if (k.queryString() != null) {
                components.add(RateKey.field(new QueryStringField(), Transforms.chain(k.queryString().textTransformations())));
            } else if (k.uriPath() != null) {
                components.add(RateKey.field(new UriPathField(), Transforms.chain(k.uriPath().textTransformations())));
            } else if (k.labelNamespace() != null) {
                components.add(RateKey.labelNamespace(k.labelNamespace().namespace()));
            } else if (k.asn() != null) {
                if (!geo.hasAsns()) {
                    throw WafErrors.invalid("CUSTOM_KEYS", "ASN",
                            "Garrison has no ASN database: name one with waf-asn-database in garrison.yaml.");
                }
                components.add(RateKey.asn(geo));
            } else if (k.jA3Fingerprint() != null) {
                components.add(RateKey.tlsFingerprint(new TlsFingerprintField(false, k.jA3Fingerprint().fallbackBehavior())));
            } else {
                components.add(RateKey.tlsFingerprint(new TlsFingerprintField(true, k.jA4Fingerprint().fallbackBehavior())));
            }
        }
        return components;
    }

    private List<Matcher> nested(List<Statement> statements, int depth, String field) {
        if (statements.size() < 2) {
            throw WafErrors.invalid(field, "Statements", "An And or Or statement needs at least two statements.");
        }
        return statements.stream().map(n -> statement(n, depth + 1)).toList();
    }

    private Inspection inspection(FieldToMatch field, List<TextTransformation> transformations) {
        String key = field.toTree() + "|" + transformations.stream().sorted(Comparator.comparing(TextTransformation::priority))
                .map(TextTransformation::type).toList();
        return new Inspection(field(field), Transforms.chain(transformations), slots.computeIfAbsent(key, k -> slots.size()));
    }

    private static Field field(FieldToMatch f) {
        long set = Stream.of(f.allQueryArguments(), f.body(), f.cookies(), f.headerOrder(), f.headers(), f.jA3Fingerprint(),
                f.jA4Fingerprint(), f.jsonBody(), f.method(), f.queryString(), f.singleHeader(), f.singleQueryArgument(),
                f.uriFragment(), f.uriPath()).filter(Objects::nonNull).count();
        if (set != 1) {
            throw exactlyOne("FIELD_TO_MATCH", "FieldToMatch");
        }
        if (f.uriPath() != null) {
            return new UriPathField();
        }
        if (f.queryString() != null) {
            return new QueryStringField();
        }
        if (f.method() != null) {
            return new MethodField();
        }
        if (f.singleHeader() != null) {
            return new SingleHeaderField(f.singleHeader().name());
        }
        if (f.singleQueryArgument() != null) {
            return new SingleQueryArgumentField(f.singleQueryArgument().name());
        }
        if (f.allQueryArguments() != null) {
            return new AllQueryArgumentsField();
        }
        if (f.body() != null) {
            return new BodyField(Oversize.of(f.body().oversizeHandling()));
        }
        if (f.headers() != null) {
            var h = f.headers();
            return new PairsField(PairsField.Source.HEADERS, PairPattern.of(h.matchPattern().includedHeaders(),
                    h.matchPattern().excludedHeaders(), true), MapScope.valueOf(h.matchScope()), Oversize.of(h.oversizeHandling()));
        }
        if (f.cookies() != null) {
            var c = f.cookies();
            return new PairsField(PairsField.Source.COOKIES, PairPattern.of(c.matchPattern().includedCookies(),
                    c.matchPattern().excludedCookies(), false), MapScope.valueOf(c.matchScope()), Oversize.of(c.oversizeHandling()));
        }
        if (f.headerOrder() != null) {
            return new HeaderOrderField(Oversize.of(f.headerOrder().oversizeHandling()));
        }
        if (f.uriFragment() != null) {
            return new UriFragmentField(f.uriFragment().fallbackBehavior());
        }
        if (f.jsonBody() != null) {
            var j = f.jsonBody();
            if ((j.matchPattern().all() == null) == (j.matchPattern().includedPaths() == null)) {
                throw exactlyOne("JSON_MATCH_PATTERN", "MatchPattern");
            }
            java.util.Set<String> paths = null;
            if (j.matchPattern().includedPaths() != null) {
                paths = new java.util.LinkedHashSet<>();
                for (String path : j.matchPattern().includedPaths()) {
                    if (!path.isEmpty() && !path.startsWith("/")) {
                        throw WafErrors.invalid("JSON_MATCH_PATTERN", path, "An included path is a JSON pointer: empty or starting with /.");
                    }
                    paths.add(path);
                }
            }
            return new JsonBodyField(MapScope.valueOf(j.matchScope()), paths, j.invalidFallbackBehavior(),
                    Oversize.of(j.oversizeHandling()));
        }
        if (f.jA3Fingerprint() != null) {
            return new TlsFingerprintField(false, f.jA3Fingerprint().fallbackBehavior());
        }
        return new TlsFingerprintField(true, f.jA4Fingerprint().fallbackBehavior());
    }

    /** The entity an ARN references, of the expected kind and in this scope; WAFNonexistentItemException otherwise. */
    private WafEntity reference(String arn, EntityKind kind) {
        WafEntity entity = resolve.apply(arn);
        if (entity == null || entity.kind() != kind || !entity.shelf().startsWith(scopeAndRegion + "/")) {
            throw WafErrors.nonexistent();
        }
        return entity;
    }

    private static int present(Statement s) {
        return (int) Stream.of(s.andStatement(), s.asnMatchStatement(), s.byteMatchStatement(), s.geoMatchStatement(),
                s.ipSetReferenceStatement(), s.labelMatchStatement(), s.managedRuleGroupStatement(), s.notStatement(),
                s.orStatement(), s.rateBasedStatement(), s.regexMatchStatement(), s.regexPatternSetReferenceStatement(),
                s.ruleGroupReferenceStatement(), s.sizeConstraintStatement(), s.sqliMatchStatement(), s.xssMatchStatement())
                .filter(Objects::nonNull).count();
    }

    private static RuntimeException exactlyOne(String field, String parameter) {
        return WafErrors.invalid(field, parameter,
                "You have used none or multiple values for a field that requires exactly one value.");
    }
}
