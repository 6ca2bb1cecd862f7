package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.auth.scheme.EventBridgeAuthSchemeProvider;
import software.amazon.awssdk.services.eventbridge.model.ApiDestinationHttpMethod;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.ConnectionHeaderParameter;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Rules deliver what reaches the bus (audit records of every service and PutEvents) to API
 * destinations and local commands: with the connection's authorization, transformed input,
 * retries on a moved clock, failures announced, and pending deliveries kept across a restart.
 */
class EventDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_KEY = "k3y-that-must-never-be-shown";

    private static EventBridgeClient events(TestServer garrison, MutableClock clock) {
        EventBridgeAuthSchemeProvider defaults = EventBridgeAuthSchemeProvider.defaultProvider();
        return EventBridgeClient.builder().endpointOverride(garrison.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(garrison.credentials()).httpClient(UrlConnectionHttpClient.create())
                .authSchemeProvider(p -> defaults.resolveAuthScheme(p).stream()
                        .map(o -> o.toBuilder().putSignerProperty(HttpSigner.SIGNING_CLOCK, clock).build()).toList())
                .build();
    }

    /** A connection with an API key and an extra header, and an API destination to {@code hook}. */
    private static String destination(EventBridgeClient events, Webhook hook, String name) {
        String connection = events.createConnection(r -> r.name(name + "-connection")
                .authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("x-api-key").apiKeyValue(API_KEY))
                        .invocationHttpParameters(h -> h.headerParameters(ConnectionHeaderParameter.builder()
                                .key("X-Team").value("security").build())))).connectionArn();
        return events.createApiDestination(r -> r.name(name).connectionArn(connection)
                .invocationEndpoint(hook.url("/" + name)).httpMethod(ApiDestinationHttpMethod.POST)).apiDestinationArn();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void auditRecordsAndCustomEventsReachAnApiDestinationWithItsAuthorization() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (TestServer garrison = TestServer.start(Map.of(), null, clock); Webhook hook = new Webhook();
                EventBridgeClient events = events(garrison, clock);
                IamClient iam = IamClient.builder().endpointOverride(garrison.endpoint()).region(Region.AWS_GLOBAL)
                        .credentialsProvider(garrison.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
                CloudTrailClient trail = CloudTrailClient.builder().endpointOverride(garrison.endpoint())
                        .region(Region.US_EAST_1).credentialsProvider(garrison.credentials())
                        .httpClient(UrlConnectionHttpClient.create()).build()) {
            String hookArn = destination(events, hook, "hook");
            events.putRule(r -> r.name("new-users")
                    .eventPattern("{\"source\":[\"aws.iam\"],\"detail\":{\"eventName\":[\"CreateUser\"]}}"));
            events.putTargets(r -> r.rule("new-users").targets(Target.builder().id("hook").arn(hookArn).build()));
            assertThat(events.listTargetsByRule(r -> r.rule("new-users")).targets())
                    .extracting(Target::id, Target::arn).containsExactly(org.assertj.core.groups.Tuple.tuple("hook", hookArn));

            iam.createUser(r -> r.userName("alice"));
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> !hook.received.isEmpty());
            Webhook.Received call = hook.received.getFirst();
            JsonNode event = json(call.body());
            assertThat(call.method()).isEqualTo("POST");
            assertThat(call.uri()).isEqualTo("/hook");
            assertThat(call.header("x-api-key")).isEqualTo(API_KEY);
            assertThat(call.header("X-Team")).isEqualTo("security");
            assertThat(call.header("Content-Type")).startsWith("application/json");
            assertThat(event.get("detail-type").asText()).isEqualTo("AWS API Call via CloudTrail");
            assertThat(event.get("source").asText()).isEqualTo("aws.iam");
            assertThat(event.get("account").asText()).isEqualTo("123456789012");
            assertThat(event.at("/detail/eventName").asText()).isEqualTo("CreateUser");
            assertThat(event.at("/detail/requestParameters/userName").asText()).isEqualTo("alice");
            assertThat(event.at("/detail/userIdentity/userName").asText()).isEqualTo("admin");

            events.putRule(r -> r.name("big-orders")
                    .eventPattern("{\"source\":[\"my.shop\"],\"detail\":{\"total\":[{\"numeric\":[\">\",100]}]}}"));
            events.putTargets(r -> r.rule("big-orders").targets(Target.builder().id("shaped").arn(hookArn)
                    .inputTransformer(t -> t.inputPathsMap(Map.of("order", "$.detail.order", "total", "$.detail.total"))
                            .inputTemplate("{\"text\":\"order <order> of <total>\",\"total\":<total>,"
                                    + "\"rule\":\"<aws.events.rule-name>\"}"))
                    .build()));
            PutEventsResponse put = events.putEvents(r -> r.entries(
                    e -> e.source("my.shop").detailType("Order").detail("{\"order\":\"A-1\",\"total\":250}"),
                    e -> e.source("my.shop").detailType("Order").detail("{\"order\":\"A-2\",\"total\":5}"),
                    e -> e.source("aws.kms").detailType("Spoofed").detail("{}"),
                    e -> e.source("my.shop").detailType("Order").detail("[1]"),
                    e -> e.source("my.shop").detail("{}")));
            assertThat(put.failedEntryCount()).isEqualTo(3);
            assertThat(put.entries().get(0).eventId()).isNotBlank();
            assertThat(put.entries().get(1).eventId()).isNotBlank();
            assertThat(put.entries().get(2).errorCode()).isEqualTo("NotAuthorizedForSourceException");
            assertThat(put.entries().get(3).errorCode()).isEqualTo("MalformedDetail");
            assertThat(put.entries().get(4).errorCode()).isEqualTo("InvalidArgument");
            Awaitility.await().atMost(10, TimeUnit.SECONDS)
                    .until(() -> hook.received.stream().anyMatch(r -> r.body().contains("A-1")));
            assertThat(hook.received.stream().filter(r -> r.body().contains("A-1")).findFirst().orElseThrow().body())
                    .isEqualTo("{\"text\":\"order A-1 of 250\",\"total\":250,\"rule\":\"big-orders\"}");
            assertThat(hook.received).noneMatch(r -> r.body().contains("A-2"));

            var described = events.describeConnection(r -> r.name("hook-connection"));
            assertThat(described.authParameters().apiKeyAuthParameters().apiKeyName()).isEqualTo("x-api-key");
            assertThat(described.toString()).doesNotContain(API_KEY);
            String record = trail.lookupEvents(r -> r.lookupAttributes(a -> a.attributeKey("EventName")
                    .attributeValue("CreateConnection"))).events().getFirst().cloudTrailEvent();
            assertThat(record).contains("hook-connection").doesNotContain(API_KEY);
            try (var files = Files.walk(garrison.dataDir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                            .as(file.toString()).doesNotContain(API_KEY);
                }
            }
        }
    }

    @Test
    void aFailingEndpointIsRetriedWithBackoffAndItsFailureAnnounced() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (TestServer garrison = TestServer.start(Map.of(), null, clock); Webhook down = new Webhook();
                Webhook refusing = new Webhook(); Webhook notices = new Webhook();
                EventBridgeClient events = events(garrison, clock)) {
            down.status = 503;
            refusing.status = 400;
            String downArn = destination(events, down, "down");
            String refusingArn = destination(events, refusing, "refusing");
            String noticesArn = destination(events, notices, "notices");
            events.putRule(r -> r.name("jobs").eventPattern("{\"source\":[\"my.jobs\"]}"));
            events.putTargets(r -> r.rule("jobs").targets(
                    Target.builder().id("down").arn(downArn).retryPolicy(p -> p.maximumRetryAttempts(2)).build(),
                    Target.builder().id("refusing").arn(refusingArn).build()));
            events.putRule(r -> r.name("failures").eventPattern("{\"source\":[\"garrison.events\"]}"));
            events.putTargets(r -> r.rule("failures").targets(Target.builder().id("notices").arn(noticesArn).build()));

            events.putEvents(r -> r.entries(e -> e.source("my.jobs").detailType("Job").detail("{\"job\":1}")));
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> down.received.size() == 1
                    && refusing.received.size() == 1 && notices.received.size() == 1);
            JsonNode refused = json(notices.received.getFirst().body());
            assertThat(refused.get("detail-type").asText()).isEqualTo("Event Delivery Failed");
            assertThat(refused.at("/detail/targetId").asText()).isEqualTo("refusing");
            assertThat(refused.at("/detail/attempts").asInt()).isEqualTo(1);
            assertThat(refused.at("/detail/lastError").asText()).contains("HTTP 400");

            // retried only when the clock has moved past the backoff
            Thread.sleep(500);
            assertThat(down.received).hasSize(1);
            clock.advance(Duration.ofMinutes(10));
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> down.received.size() == 2);
            // the second failure is rescheduled on the clock when the attempt returns, which may be after
            // this thread sees the webhook called: keep moving the clock until the last attempt is due
            Awaitility.await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> {
                clock.advance(Duration.ofMinutes(10));
                return notices.received.size() == 2;
            });
            assertThat(down.received).hasSize(3);
            JsonNode gaveUp = json(notices.received.get(1).body());
            assertThat(gaveUp.at("/detail/targetId").asText()).isEqualTo("down");
            assertThat(gaveUp.at("/detail/attempts").asInt()).isEqualTo(3);
            assertThat(gaveUp.at("/detail/lastError").asText()).contains("HTTP 503");
            assertThat(gaveUp.at("/detail/ruleArn").asText()).isEqualTo("arn:aws:events:us-east-1:123456789012:rule/jobs");
            clock.advance(Duration.ofMinutes(10));
            Thread.sleep(500);
            assertThat(down.received).hasSize(3);
        }
    }

    @Test
    void pendingDeliveriesSurviveARestart() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        TestServer garrison = TestServer.start(Map.of(), null, clock);
        try (Webhook hook = new Webhook()) {
            hook.status = 503;
            try (EventBridgeClient events = events(garrison, clock)) {
                String arn = destination(events, hook, "later");
                events.putRule(r -> r.name("later").eventPattern("{\"source\":[\"my.app\"]}"));
                events.putTargets(r -> r.rule("later").targets(Target.builder().id("later").arn(arn).build()));
                events.putEvents(r -> r.entries(e -> e.source("my.app").detailType("Saved").detail("{\"n\":7}")));
                Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> hook.received.size() == 1);
            }
            garrison = garrison.restart();
            hook.status = 200;
            clock.advance(Duration.ofMinutes(10));
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> hook.received.size() == 2);
            assertThat(json(hook.received.get(1).body()).at("/detail/n").asInt()).isEqualTo(7);
        } finally {
            garrison.close();
        }
    }

    @Test
    void aDeclaredLocalCommandGetsTheEventOnItsStandardInput() throws Exception {
        Path out = Files.createTempFile("garrison-command", ".json");
        String yaml = "event-commands:\n"
                + "  save: [\"sh\", \"-c\", \"cat > " + out + "\"]\n"
                + "  hang: [\"sleep\", \"30\"]\n"
                + "event-command-timeout-seconds: 1\n";
        MutableClock clock = new MutableClock(Instant.now());
        try (TestServer garrison = TestServer.start(Map.of(), yaml, clock); Webhook notices = new Webhook();
                EventBridgeClient events = events(garrison, clock)) {
            String noticesArn = destination(events, notices, "notices");
            events.putRule(r -> r.name("failures").eventPattern("{\"source\":[\"garrison.events\"]}"));
            events.putTargets(r -> r.rule("failures").targets(Target.builder().id("notices").arn(noticesArn).build()));
            events.putRule(r -> r.name("alerts").eventPattern("{\"source\":[\"my.alerts\"]}"));
            events.putTargets(r -> r.rule("alerts").targets(
                    Target.builder().id("save").arn("arn:aws:events:us-east-1:123456789012:command/save")
                            .inputPath("$.detail").build(),
                    Target.builder().id("hang").arn("arn:aws:events:us-east-1:123456789012:command/hang")
                            .retryPolicy(p -> p.maximumRetryAttempts(0)).build()));
            assertThatThrownBy(() -> events.putTargets(r -> r.rule("alerts").targets(Target.builder().id("rm")
                    .arn("arn:aws:events:us-east-1:123456789012:command/rm").build())))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("No local command named 'rm' is declared (event-commands in garrison.yaml)."));

            events.putEvents(r -> r.entries(e -> e.source("my.alerts").detailType("Alert").detail("{\"level\":\"high\"}")));
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> Files.size(out) > 0);
            assertThat(json(Files.readString(out))).isEqualTo(json("{\"level\":\"high\"}"));
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> !notices.received.isEmpty());
            assertThat(json(notices.received.getFirst().body()).at("/detail/lastError").asText())
                    .isEqualTo("command 'hang' ran past its timeout of 1 s and was killed");
        }
    }

    @Test
    void badTargetsAndEntriesAreRefusedAndChangeNothing() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (TestServer garrison = TestServer.start(Map.of(), null, clock); Webhook hook = new Webhook();
                EventBridgeClient events = events(garrison, clock)) {
            String arn = destination(events, hook, "hook");
            events.putRule(r -> r.name("r").eventPattern("{\"source\":[\"my.app\"]}"));
            Map<String, Target> refused = Map.of(
                    "SqsParameters not supported here.", Target.builder().id("a").arn(arn)
                            .sqsParameters(p -> p.messageGroupId("g")).build(),
                    "is not a target Garrison delivers to", Target.builder().id("b")
                            .arn("arn:aws:sqs:us-east-1:123456789012:queue").build(),
                    "does not exist.", Target.builder().id("c").arn(arn.replaceAll("/[^/]+$", "/0000")).build(),
                    "JSONPath $.detail[ is not valid", Target.builder().id("d").arn(arn).inputPath("$.detail[").build(),
                    "Only one of Input, InputPath, or InputTransformer", Target.builder().id("e").arn(arn)
                            .input("{}").inputPath("$").build(),
                    "Input is not valid JSON.", Target.builder().id("f").arn(arn).input("{oops").build());
            refused.forEach((message, target) -> assertThatThrownBy(() -> events.putTargets(r -> r.rule("r")
                    .targets(Target.builder().id("ok").arn(arn).build(), target)))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                        assertThat(e.awsErrorDetails().errorMessage()).contains(message);
                    }));
            assertThat(events.listTargetsByRule(r -> r.rule("r")).targets()).isEmpty();

            for (int i = 0; i < 5; i++) {
                String id = "t" + i;
                events.putTargets(r -> r.rule("r").targets(Target.builder().id(id).arn(arn).build()));
            }
            assertThatThrownBy(() -> events.putTargets(r -> r.rule("r").targets(Target.builder().id("t5").arn(arn).build())))
                    .isInstanceOfSatisfying(AwsServiceException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("LimitExceededException"));
            var page = events.listTargetsByRule(r -> r.rule("r").limit(3));
            assertThat(page.targets()).extracting(Target::id).containsExactly("t0", "t1", "t2");
            assertThat(events.listTargetsByRule(r -> r.rule("r").nextToken(page.nextToken())).targets())
                    .extracting(Target::id).containsExactly("t3", "t4");
            assertThatThrownBy(() -> events.deleteRule(r -> r.name("r")))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Rule can't be deleted since it has targets."));
            events.removeTargets(r -> r.rule("r").ids("t0", "t1", "missing"));
            assertThat(events.listTargetsByRule(r -> r.rule("r")).targets()).hasSize(3);
            events.deleteRule(r -> r.name("r").force(true));
            assertThatThrownBy(() -> events.listTargetsByRule(r -> r.rule("r")))
                    .isInstanceOfSatisfying(AwsServiceException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException"));

            assertThatThrownBy(() -> events.createConnection(r -> r.name("oauth")
                    .authorizationType(ConnectionAuthorizationType.BASIC)
                    .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("k").apiKeyValue("v")))))
                    .isInstanceOfSatisfying(AwsServiceException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
            assertThatThrownBy(() -> events.createConnection(r -> r.name("hook-connection")
                    .authorizationType(ConnectionAuthorizationType.BASIC)
                    .authParameters(a -> a.basicAuthParameters(b -> b.username("u").password("p")))))
                    .isInstanceOfSatisfying(AwsServiceException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceAlreadyExistsException"));
            assertThat(events.listConnections(r -> { }).connections()).extracting(c -> c.name())
                    .containsExactly("hook-connection");
            assertThatThrownBy(() -> events.putEvents(r -> r.entries(e -> e.source("my.app").detailType("Big")
                    .detail("{\"x\":\"" + "y".repeat(300 * 1024) + "\"}"))))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Total size of the entries in the request is over the limit."));
        }
    }
}
