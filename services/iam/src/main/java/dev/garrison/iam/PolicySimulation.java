package dev.garrison.iam;

import dev.garrison.api.iam.ContextEntry;
import dev.garrison.api.iam.EvaluationResult;
import dev.garrison.api.iam.InvalidInputException;
import dev.garrison.api.iam.NoSuchEntityException;
import dev.garrison.api.iam.Position;
import dev.garrison.api.iam.SimulateCustomPolicyRequest;
import dev.garrison.api.iam.SimulatePolicyResponse;
import dev.garrison.api.iam.SimulatePrincipalPolicyRequest;
import dev.garrison.api.iam.Statement;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.Principal;
import dev.garrison.platform.policy.AuthorizationRequest;
import dev.garrison.platform.policy.ConditionContext;
import dev.garrison.platform.policy.Decision;
import dev.garrison.platform.policy.Policies;
import dev.garrison.platform.policy.PolicyDocument;
import dev.garrison.platform.policy.PolicyEvaluator;
import dev.garrison.platform.policy.PolicyParser;
import dev.garrison.platform.policy.StatementSpans;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The policy simulator: the same evaluator the front door uses, run over given or stored
 * policies for each action and resource, with only the context keys the caller supplies.
 */
final class PolicySimulation {
    private final IamStore store;
    private final IamAuthorizer authorizer;
    private final PolicyDocuments documents;
    private final PolicyEvaluator evaluator = new PolicyEvaluator();

    PolicySimulation(IamStore store, IamAuthorizer authorizer, PolicyDocuments documents) {
        this.store = store;
        this.authorizer = authorizer;
        this.documents = documents;
    }

    SimulatePolicyResponse simulateCustomPolicy(CallContext call, SimulateCustomPolicyRequest request) {
        Policies policies = new Policies(parsedAll(request.policyInputList()), resourcePolicy(request.resourcePolicy()),
                boundary(request.permissionsBoundaryPolicyInputList()), List.of());
        List<SourcedPolicy> sources = new ArrayList<>(inputSources(request.policyInputList(), policies.identity()));
        sources.addAll(resourceSource(request.resourcePolicy(), policies.resource()));
        return simulate(caller(call, request.callerArn()), policies, sources, request.actionNames(), request.resourceArns(),
                request.contextEntries(), request.marker(), request.maxItems());
    }

    SimulatePolicyResponse simulatePrincipalPolicy(CallContext call, SimulatePrincipalPolicyRequest request) {
        String source = request.policySourceArn();
        String[] arn = source.split(":", 6);
        String resource = arn.length == 6 && arn[2].equals("iam") ? arn[5] : "";
        String name = resource.substring(resource.lastIndexOf('/') + 1);
        IamUser user = resource.startsWith("user/") ? store.user(name) : null;
        IamRole role = resource.startsWith("role/") ? store.role(name) : null;
        Policies stored;
        Principal subject;
        List<SourcedPolicy> sources;
        if (user != null && user.arn().equals(source)) {
            stored = authorizer.userPolicies(user);
            sources = new ArrayList<>(authorizer.userSources(user));
            subject = AccessKeyOperations.principal(user, null);
        } else if (role != null && role.arn().equals(source)) {
            stored = authorizer.rolePolicies(role);
            sources = new ArrayList<>(authorizer.roleSources(role));
            subject = new Principal("AssumedRole", role.roleId(), role.arn(), arn[4], role.roleName(), null);
        } else {
            throw new NoSuchEntityException("The entity " + source + " cannot be found.");
        }
        List<PolicyDocument> identity = new ArrayList<>(stored.identity());
        List<PolicyDocument> inputs = parsedAll(request.policyInputList());
        identity.addAll(inputs);
        PolicyDocument boundary = request.permissionsBoundaryPolicyInputList() != null
                ? boundary(request.permissionsBoundaryPolicyInputList()) : stored.boundary();
        Policies policies = new Policies(identity, resourcePolicy(request.resourcePolicy()), boundary, List.of());
        sources.addAll(inputSources(request.policyInputList(), inputs));
        sources.addAll(resourceSource(request.resourcePolicy(), policies.resource()));
        Principal caller = request.callerArn() == null ? subject : caller(call, request.callerArn());
        return simulate(caller, policies, sources, request.actionNames(), request.resourceArns(), request.contextEntries(),
                request.marker(), request.maxItems());
    }

    private SimulatePolicyResponse simulate(Principal caller, Policies policies, List<SourcedPolicy> sources,
            List<String> actions, @Nullable List<String> resourceArns, @Nullable List<ContextEntry> entries,
            @Nullable String marker, @Nullable Integer maxItems) {
        ConditionContext context = context(entries);
        Set<String> missing = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        allDocuments(policies).forEach(document -> missing.addAll(document.conditionKeys()));
        missing.removeIf(key -> context.values(key) != null);
        List<String> resources = resourceArns == null || resourceArns.isEmpty() ? List.of("*") : resourceArns;
        List<EvaluationResult> results = new ArrayList<>();
        for (String action : actions) {
            for (String resource : resources) {
                AuthorizationRequest asked = new AuthorizationRequest(caller, null, action, resource, context);
                Decision decision = evaluator.evaluate(policies, asked);
                results.add(EvaluationResult.builder().evalActionName(action).evalResourceName(resource)
                        .evalDecision(switch (decision.outcome()) {
                            case ALLOW -> "allowed";
                            case EXPLICIT_DENY -> "explicitDeny";
                            case IMPLICIT_DENY -> "implicitDeny";
                        })
                        .matchedStatements(decision.outcome() == Decision.Outcome.IMPLICIT_DENY ? List.of()
                                : matched(sources, asked, decision.allowed()))
                        .missingContextValues(List.copyOf(missing))
                        .build());
            }
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            keys.add(String.format("%08d", i));
        }
        Page<String> page = Page.of(keys, k -> k, marker, maxItems);
        return SimulatePolicyResponse.builder()
                .evaluationResults(page.items().stream().map(k -> results.get(Integer.parseInt(k))).toList())
                .isTruncated(page.truncated()).marker(page.marker()).build();
    }

    private static List<PolicyDocument> allDocuments(Policies policies) {
        List<PolicyDocument> all = new ArrayList<>(policies.identity());
        if (policies.resource() != null) {
            all.add(policies.resource());
        }
        if (policies.boundary() != null) {
            all.add(policies.boundary());
        }
        return all;
    }

    /**
     * The statements that decided: those with the decision's effect that name the caller and
     * match, each with its policy and place in the policy's text.
     */
    private static List<Statement> matched(List<SourcedPolicy> sources, AuthorizationRequest request, boolean allow) {
        List<Statement> matched = new ArrayList<>();
        for (SourcedPolicy source : sources) {
            List<Integer> positions = source.document().matching(request, allow);
            if (positions.isEmpty()) {
                continue;
            }
            List<StatementSpans.Span> spans = StatementSpans.of(source.text());
            for (int i : positions) {
                Statement.Builder statement = Statement.builder().sourcePolicyId(source.id()).sourcePolicyType(source.type());
                if (i < spans.size()) {
                    StatementSpans.Span span = spans.get(i);
                    statement.startPosition(Position.builder().line(span.startLine()).column(span.startColumn()).build())
                            .endPosition(Position.builder().line(span.endLine()).column(span.endColumn()).build());
                }
                matched.add(statement.build());
            }
        }
        return matched;
    }

    /** The policies of a PolicyInputList, named as IAM names them: PolicyInputList.1 and on. */
    private static List<SourcedPolicy> inputSources(@Nullable List<String> texts, List<PolicyDocument> parsed) {
        List<SourcedPolicy> sources = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            sources.add(new SourcedPolicy("PolicyInputList." + (i + 1), "none", texts.get(i), parsed.get(i)));
        }
        return sources;
    }

    private static List<SourcedPolicy> resourceSource(@Nullable String text, @Nullable PolicyDocument parsed) {
        return parsed == null ? List.of() : List.of(new SourcedPolicy("ResourcePolicy", "resource", text, parsed));
    }

    private List<PolicyDocument> parsedAll(@Nullable List<String> inputs) {
        List<PolicyDocument> out = new ArrayList<>();
        if (inputs != null) {
            inputs.forEach(document -> out.add(documents.validate(document, PolicyParser.Kind.IDENTITY)));
        }
        return out;
    }

    private @Nullable PolicyDocument boundary(@Nullable List<String> inputs) {
        List<PolicyDocument> parsed = parsedAll(inputs);
        if (parsed.size() > 1) {
            throw new InvalidInputException("Only one permissions boundary policy may be given.");
        }
        return parsed.isEmpty() ? null : parsed.getFirst();
    }

    private @Nullable PolicyDocument resourcePolicy(@Nullable String document) {
        return document == null ? null : documents.validate(document, PolicyParser.Kind.RESOURCE);
    }

    /** The principal a simulation acts as: the named caller, else the one calling the simulator. */
    private static Principal caller(CallContext call, @Nullable String callerArn) {
        if (callerArn == null) {
            return call.principal();
        }
        String[] arn = callerArn.split(":", 6);
        if (arn.length != 6) {
            throw new InvalidInputException("Invalid CallerArn " + callerArn + ".");
        }
        String name = arn[5].substring(arn[5].lastIndexOf('/') + 1);
        return new Principal(arn[5].startsWith("user/") ? "IAMUser" : "AssumedRole", name, callerArn, arn[4], name, null);
    }

    /** The supplied context keys, typed as IAM types them; list types carry several values. */
    private static ConditionContext context(@Nullable List<ContextEntry> entries) {
        ConditionContext.Builder context = ConditionContext.builder();
        if (entries != null) {
            for (ContextEntry entry : entries) {
                if (entry.contextKeyName() == null || entry.contextKeyValues() == null) {
                    throw new InvalidInputException("A context entry needs a key name and values.");
                }
                context.putAll(entry.contextKeyName(), entry.contextKeyValues());
            }
        }
        return context.build();
    }
}
