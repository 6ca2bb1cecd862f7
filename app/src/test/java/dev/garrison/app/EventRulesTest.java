package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.RuleState;

/** EventBridge rules on the default bus and TestEventPattern, through the AWS SDK. */
class EventRulesTest {
    private static final String EVENT = """
            {"id":"1","account":"123456789012","source":"aws.kms","time":"2026-11-30T12:00:00Z","region":"us-east-1",
             "resources":[],"detail-type":"KMS Key Deletion","detail":{"keyId":"k1","pendingDays":7}}""";

    static TestServer garrison;
    static EventBridgeClient events;

    @BeforeAll
    static void boot() throws Exception {
        garrison = TestServer.start();
        events = EventBridgeClient.builder().endpointOverride(garrison.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(garrison.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        events.close();
        garrison.close();
    }

    @Test
    void testEventPatternMatchesWithEventRuler() {
        assertThat(events.testEventPattern(r -> r.event(EVENT).eventPattern(
                "{\"source\":[{\"prefix\":\"aws.\"}],\"detail\":{\"pendingDays\":[{\"numeric\":[\"<\",10]}]}}")).result())
                .isTrue();
        assertThat(events.testEventPattern(r -> r.event(EVENT).eventPattern(
                "{\"detail-type\":[{\"anything-but\":\"KMS Key Deletion\"}]}")).result()).isFalse();
        assertThatThrownBy(() -> events.testEventPattern(r -> r.event(EVENT).eventPattern("{\"source\":\"aws.kms\"}")))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidEventPatternException");
                    assertThat(e.awsErrorDetails().errorMessage()).startsWith("Event pattern is not valid. Reason: ");
                });
        assertThatThrownBy(() -> events.testEventPattern(r -> r.event("{\"source\":\"aws.kms\"}")
                .eventPattern("{\"source\":[\"aws.kms\"]}"))).isInstanceOfSatisfying(AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Parameter Event is not valid."));
    }

    @Test
    void rulesAreStoredListedEnabledDisabledAndDeleted() {
        String arn = events.putRule(r -> r.name("key-deletions").eventPattern("{\"source\":[\"aws.kms\"]}")
                .description("watch KMS")).ruleArn();
        assertThat(arn).isEqualTo("arn:aws:events:us-east-1:123456789012:rule/key-deletions");
        events.putRule(r -> r.name("key-other").eventPattern("{\"source\":[\"aws.kms\"]}").state(RuleState.DISABLED));
        events.putRule(r -> r.name("waf-blocks").eventPattern("{\"source\":[\"aws.wafv2\"]}"));

        assertThat(events.describeRule(r -> r.name("key-deletions")).state()).isEqualTo(RuleState.ENABLED);
        events.disableRule(r -> r.name("key-deletions"));
        assertThat(events.describeRule(r -> r.name("key-deletions")).state()).isEqualTo(RuleState.DISABLED);
        events.enableRule(r -> r.name("key-deletions"));

        var first = events.listRules(r -> r.namePrefix("key-").limit(1));
        assertThat(first.rules()).extracting(rule -> rule.name()).containsExactly("key-deletions");
        var second = events.listRules(r -> r.namePrefix("key-").limit(1).nextToken(first.nextToken()));
        assertThat(second.rules()).extracting(rule -> rule.name()).containsExactly("key-other");
        assertThat(second.nextToken()).isNull();

        events.deleteRule(r -> r.name("key-other"));
        assertThatThrownBy(() -> events.enableRule(r -> r.name("key-other"))).isInstanceOfSatisfying(
                AwsServiceException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Rule key-other does not exist on EventBus default."));
    }

    @Test
    void whatIsNotServedIsRefused() {
        assertThatThrownBy(() -> events.putRule(r -> r.name("nightly").scheduleExpression("rate(1 day)")))
                .isInstanceOfSatisfying(AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> events.putRule(r -> r.name("elsewhere").eventBusName("custom")
                .eventPattern("{\"source\":[\"x\"]}"))).isInstanceOfSatisfying(AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException"));
        assertThatThrownBy(() -> events.putRule(r -> r.name("bad").eventPattern("[1]")))
                .isInstanceOfSatisfying(AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidEventPatternException"));
        assertThat(events.listRules(r -> r.namePrefix("bad")).rules()).isEmpty();
    }
}
