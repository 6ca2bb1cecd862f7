package dev.garrison.platform.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.Principal;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The table of policy cases in {@code policy/cases.yaml}, each with the decision AWS would reach. */
class PolicyEvaluatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "111122223333";
    private static final Map<String, Principal> CALLERS = Map.of(
            "alice", new Principal("IAMUser", "AIDAALICE0000000000", "arn:aws:iam::" + ACCOUNT + ":user/alice", ACCOUNT, "alice", "AKIAALICE"),
            "bob", new Principal("IAMUser", "AIDABOB000000000000", "arn:aws:iam::" + ACCOUNT + ":user/bob", ACCOUNT, "bob", "AKIABOB"),
            "dev", new Principal("AssumedRole", "AROADEVEXAMPLE00000:s1", "arn:aws:sts::" + ACCOUNT + ":assumed-role/Dev/s1",
                    ACCOUNT, "s1", "ASIADEV"),
            "stranger", new Principal("IAMUser", "AIDAMALLORY00000000", "arn:aws:iam::444455556666:user/mallory",
                    "444455556666", "mallory", "AKIAMALLORY"),
            "service", new Principal("AWSService", "guardduty.amazonaws.com", "guardduty.amazonaws.com", ACCOUNT,
                    "guardduty.amazonaws.com", null));

    /** One row of the table. */
    record Case(String name, JsonNode row) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() throws IOException {
        try (InputStream in = PolicyEvaluatorTest.class.getResourceAsStream("/policy/cases.yaml")) {
            JsonNode rows = new ObjectMapper(new YAMLFactory()).readTree(in);
            List<Case> out = new ArrayList<>();
            rows.forEach(row -> out.add(new Case(row.get("name").asText(), row)));
            return out.stream();
        }
    }

    @Test
    void theTableIsLargeAndCoversEveryOutcome() throws IOException {
        List<Case> all = cases().toList();
        assertThat(all).hasSizeGreaterThanOrEqualTo(150);
        assertThat(all.stream().map(c -> c.row().get("want").asText()).distinct())
                .containsExactlyInAnyOrder("ALLOW", "EXPLICIT_DENY", "IMPLICIT_DENY");
        assertThat(all.stream().map(Case::name).distinct()).hasSameSizeAs(all);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesAsAwsWould(Case c) {
        JsonNode row = c.row();
        String callerName = row.path("caller").asText("alice");
        Principal caller = CALLERS.get(callerName);
        String roleArn = callerName.equals("dev") ? "arn:aws:iam::" + ACCOUNT + ":role/Dev" : null;
        CallContext call = new CallContext("req-1", caller, "us-east-1", "203.0.113.5", "aws-cli/1.45",
                Instant.parse("2026-11-30T12:00:00Z"), false);
        ConditionContext.Builder keys = GlobalConditionKeys.of(call);
        row.path("context").properties().forEach(e -> {
            List<String> values = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> values.add(v.asText()));
            } else {
                values.add(e.getValue().asText());
            }
            keys.putAll(e.getKey(), values);
        });
        AuthorizationRequest request = new AuthorizationRequest(caller, roleArn, row.get("action").asText(),
                row.path("resource").asText("arn:aws:kms:us-east-1:" + ACCOUNT + ":key/k1"), keys.build());
        Policies policies = new Policies(
                policies(row.get("identity"), PolicyParser.Kind.IDENTITY),
                policy(row.get("resource_policy"), PolicyParser.Kind.RESOURCE),
                policy(row.get("boundary"), PolicyParser.Kind.IDENTITY),
                policies(row.get("session"), PolicyParser.Kind.IDENTITY), row.path("resource_required").asBoolean(false));

        Decision decision = new PolicyEvaluator().evaluate(policies, request);

        assertThat(decision.outcome().name()).isEqualTo(row.get("want").asText());
        if (row.has("by")) {
            assertThat(decision.decidedBy()).hasToString(row.get("by").asText());
        }
    }

    /** A parsed document serves every call of its principal and remembers per action which statements apply. */
    @Test
    void oneDocumentDecidesEachActionOnItsOwnHoweverOftenAndHoweverManyActionsItSees() {
        PolicyDocument document = PolicyParser.parse("""
                {"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","Action":"kms:*","Resource":"*"},
                  {"Effect":"Deny","Action":"kms:Dec?ypt","Resource":"*"},
                  {"Effect":"Deny","NotAction":["kms:*","s3:Get*"],"Resource":"*"}]}""", PolicyParser.Kind.IDENTITY);
        Policies policies = new Policies(List.of(document), null, null, List.of(), false);
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("kms:Encrypt", "ALLOW");
        expected.put("kms:Decrypt", "EXPLICIT_DENY");
        expected.put("s3:GetObject", "IMPLICIT_DENY");
        expected.put("s3:PutObject", "EXPLICIT_DENY");
        for (int i = 0; i < 5000; i++) {
            expected.put("kms:Op" + i, "ALLOW");
        }
        for (int round = 0; round < 2; round++) {
            expected.forEach((action, want) -> assertThat(new PolicyEvaluator().evaluate(policies,
                    new AuthorizationRequest(CALLERS.get("alice"), null, action, "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/k1",
                            ConditionContext.builder().build())).outcome().name()).as(action).isEqualTo(want));
        }
    }

    @Test
    void denialMessagesUseAwsWording() {
        Principal alice = CALLERS.get("alice");
        AuthorizationRequest request = new AuthorizationRequest(alice, null, "kms:Decrypt",
                "arn:aws:kms:us-east-1:111122223333:key/k1", ConditionContext.builder().build());
        assertThat(new Decision(Decision.Outcome.IMPLICIT_DENY, Decision.PolicyType.IDENTITY).denialMessage(request))
                .isEqualTo("User: arn:aws:iam::111122223333:user/alice is not authorized to perform: kms:Decrypt on resource: "
                        + "arn:aws:kms:us-east-1:111122223333:key/k1 because no identity-based policy allows the kms:Decrypt action");
        assertThat(new Decision(Decision.Outcome.EXPLICIT_DENY, Decision.PolicyType.IDENTITY).denialMessage(request))
                .isEqualTo("User: arn:aws:iam::111122223333:user/alice is not authorized to perform: kms:Decrypt on resource: "
                        + "arn:aws:kms:us-east-1:111122223333:key/k1 with an explicit deny in an identity-based policy");
        assertThat(new Decision(Decision.Outcome.IMPLICIT_DENY, Decision.PolicyType.BOUNDARY).denialMessage(request))
                .endsWith("because no permissions boundary allows the kms:Decrypt action");
        assertThat(new Decision(Decision.Outcome.EXPLICIT_DENY, Decision.PolicyType.RESOURCE).denialMessage(request))
                .endsWith("with an explicit deny in a resource-based policy");
    }

    private static List<PolicyDocument> policies(@Nullable JsonNode node, PolicyParser.Kind kind) {
        List<PolicyDocument> out = new ArrayList<>();
        if (node != null) {
            node.forEach(policy -> out.add(policy(policy, kind)));
        }
        return out;
    }

    /** A policy document, or its statements alone (then under Version 2012-10-17). */
    private static @Nullable PolicyDocument policy(@Nullable JsonNode node, PolicyParser.Kind kind) {
        if (node == null) {
            return null;
        }
        JsonNode document = node;
        if (node.isArray()) {
            ObjectNode wrapped = JSON.createObjectNode().put("Version", "2012-10-17");
            wrapped.set("Statement", (ArrayNode) node);
            document = wrapped;
        }
        return PolicyParser.parse(document.toString(), kind);
    }
}
