package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;

/** SimulateCustomPolicy and SimulatePrincipalPolicy: the front door's evaluator, asked in advance. */
class PolicySimulationTest {
    private static final String KEYS_IN_OFFICE = """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"kms:*","Resource":"arn:aws:kms:us-east-1:123456789012:key/*",
               "Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}},
              {"Effect":"Deny","Action":"kms:ScheduleKeyDeletion","Resource":"*"}]}""";

    static TestServer garrison;
    static IamClient iam;

    @BeforeAll
    static void boot() throws Exception {
        garrison = TestServer.start();
        iam = IamClient.builder().endpointOverride(garrison.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(garrison.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        iam.close();
        garrison.close();
    }

    @Test
    void customPoliciesAreJudgedPerActionAndResourceWithTheGivenContext() {
        List<EvaluationResult> results = iam.simulateCustomPolicy(r -> r.policyInputList(KEYS_IN_OFFICE)
                .actionNames("kms:Encrypt", "kms:ScheduleKeyDeletion", "iam:CreateUser")
                .resourceArns("arn:aws:kms:us-east-1:123456789012:key/k1")
                .contextEntries(ContextEntry.builder().contextKeyName("aws:SourceIp")
                        .contextKeyType(ContextKeyTypeEnum.IP).contextKeyValues("10.1.2.3").build()))
                .evaluationResults();
        assertThat(results).extracting(EvaluationResult::evalActionName, EvaluationResult::evalDecision).containsExactly(
                org.assertj.core.groups.Tuple.tuple("kms:Encrypt", PolicyEvaluationDecisionType.ALLOWED),
                org.assertj.core.groups.Tuple.tuple("kms:ScheduleKeyDeletion", PolicyEvaluationDecisionType.EXPLICIT_DENY),
                org.assertj.core.groups.Tuple.tuple("iam:CreateUser", PolicyEvaluationDecisionType.IMPLICIT_DENY));
        assertThat(results.get(0).matchedStatements()).singleElement().satisfies(m -> {
            assertThat(m.sourcePolicyId()).isEqualTo("PolicyInputList.1");
            assertThat(m.startPosition().line()).isEqualTo(2);
            assertThat(m.startPosition().column()).isEqualTo(3);
            assertThat(m.endPosition().line()).isEqualTo(3);
        });
        assertThat(results.get(1).matchedStatements()).as("the deny decided").singleElement()
                .satisfies(m -> assertThat(m.startPosition().line()).isEqualTo(4));
        assertThat(results.get(2).matchedStatements()).isEmpty();

        EvaluationResult outside = iam.simulateCustomPolicy(r -> r.policyInputList(KEYS_IN_OFFICE)
                .actionNames("kms:Encrypt").resourceArns("arn:aws:kms:us-east-1:123456789012:key/k1"))
                .evaluationResults().getFirst();
        assertThat(outside.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
        assertThat(outside.missingContextValues()).containsExactly("aws:SourceIp");
    }

    @Test
    void aPrincipalIsSimulatedWithItsStoredPolicies() {
        iam.createUser(r -> r.userName("simulated"));
        iam.putUserPolicy(r -> r.userName("simulated").policyName("Keys").policyDocument(KEYS_IN_OFFICE));
        String arn = iam.getUser(r -> r.userName("simulated")).user().arn();
        List<EvaluationResult> results = iam.simulatePrincipalPolicy(r -> r.policySourceArn(arn)
                .actionNames("kms:Decrypt", "kms:ScheduleKeyDeletion")
                .resourceArns("arn:aws:kms:us-east-1:123456789012:key/k9")
                .contextEntries(ContextEntry.builder().contextKeyName("aws:SourceIp")
                        .contextKeyType(ContextKeyTypeEnum.IP).contextKeyValues("10.9.9.9").build()))
                .evaluationResults();
        assertThat(results).extracting(EvaluationResult::evalDecision)
                .containsExactly(PolicyEvaluationDecisionType.ALLOWED, PolicyEvaluationDecisionType.EXPLICIT_DENY);
        assertThat(results.get(0).matchedStatements()).singleElement().satisfies(m -> {
            assertThat(m.sourcePolicyId()).isEqualTo("Keys");
            assertThat(m.sourcePolicyTypeAsString()).isEqualTo("user");
        });
        assertThatThrownBy(() -> iam.simulatePrincipalPolicy(r -> r.policySourceArn(
                "arn:aws:iam::123456789012:user/nobody-here").actionNames("kms:Decrypt")))
                .isInstanceOfSatisfying(AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchEntity"));
    }

    @Test
    void malformedInputPoliciesAreRefused() {
        assertThatThrownBy(() -> iam.simulateCustomPolicy(r -> r.policyInputList("{\"Statement\":[{\"Effect\":\"Maybe\","
                + "\"Action\":\"kms:*\",\"Resource\":\"*\"}]}").actionNames("kms:Encrypt")))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MalformedPolicyDocument");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Invalid effect: Maybe");
                });
    }
}
