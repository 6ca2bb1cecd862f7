package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/** Every call leaves one CloudTrail record, durably, in the store and the audit files; no secret in either. */
class AuditTrailTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static TestServer garrison;
    static IamClient iam;
    static CloudTrailClient cloudtrail;

    @BeforeAll
    static void boot() throws Exception {
        garrison = TestServer.start();
        iam = IamClient.builder().endpointOverride(garrison.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(garrison.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
        cloudtrail = CloudTrailClient.builder().endpointOverride(garrison.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(garrison.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        iam.close();
        cloudtrail.close();
        garrison.close();
    }

    private static List<Event> byName(String eventName) {
        return cloudtrail.lookupEvents(r -> r.lookupAttributes(a -> a.attributeKey(LookupAttributeKey.EVENT_NAME)
                .attributeValue(eventName))).events();
    }

    @Test
    void callsAreRecordedWithIdentityParametersAndNoSecret() throws Exception {
        iam.createUser(r -> r.userName("audited"));
        AccessKey key = iam.createAccessKey(r -> r.userName("audited")).accessKey();

        Event created = cloudtrail.lookupEvents(r -> r.lookupAttributes(a -> a.attributeKey(LookupAttributeKey.RESOURCE_NAME)
                .attributeValue("arn:aws:iam::123456789012:user/audited"))).events().stream()
                .filter(e -> e.eventName().equals("CreateUser")).findFirst().orElseThrow();
        assertThat(created.username()).isEqualTo("admin");
        assertThat(created.eventSource()).isEqualTo("iam.amazonaws.com");
        assertThat(created.readOnly()).isEqualTo("false");
        assertThat(created.resources()).singleElement().satisfies(resource -> {
            assertThat(resource.resourceName()).isEqualTo("arn:aws:iam::123456789012:user/audited");
            assertThat(resource.resourceType()).isEqualTo("AWS::IAM::User");
        });
        JsonNode record = JSON.readTree(created.cloudTrailEvent());
        assertThat(record.get("eventVersion").asText()).isEqualTo("1.11");
        assertThat(record.at("/userIdentity/type").asText()).isEqualTo("IAMUser");
        assertThat(record.at("/userIdentity/arn").asText()).isEqualTo("arn:aws:iam::123456789012:user/admin");
        assertThat(record.at("/userIdentity/accessKeyId").asText()).isEqualTo(garrison.server.admin().accessKeyId());
        assertThat(record.at("/requestParameters/userName").asText()).isEqualTo("audited");
        assertThat(record.at("/responseElements/user/userName").asText()).isEqualTo("audited");
        assertThat(record.get("recipientAccountId").asText()).isEqualTo("123456789012");
        assertThat(record.get("eventType").asText()).isEqualTo("AwsApiCall");
        assertThat(record.get("requestID").asText()).isNotBlank();

        JsonNode keyRecord = JSON.readTree(cloudtrail.lookupEvents(r -> r.lookupAttributes(a -> a.attributeKey(
                LookupAttributeKey.EVENT_NAME).attributeValue("CreateAccessKey"))).events().stream()
                .filter(e -> e.cloudTrailEvent().contains(key.accessKeyId())).findFirst().orElseThrow().cloudTrailEvent());
        assertThat(keyRecord.at("/responseElements/accessKey/accessKeyId").asText()).isEqualTo(key.accessKeyId());
        assertThat(keyRecord.at("/responseElements/accessKey").has("secretAccessKey")).isFalse();
        String delivered = awaitDelivered(created.eventId());
        assertThat(delivered).doesNotContain(key.secretAccessKey()).doesNotContain(garrison.secret);
    }

    @Test
    void deniedAndFailedCallsAreRecordedToo() {
        iam.createUser(r -> r.userName("nobody"));
        AccessKey key = iam.createAccessKey(r -> r.userName("nobody")).accessKey();
        try (IamClient nobody = IamClient.builder().endpointOverride(garrison.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(),
                        key.secretAccessKey()))).httpClient(UrlConnectionHttpClient.create()).build()) {
            assertThatThrownBy(nobody::listPolicies).isInstanceOf(AwsServiceException.class);
        }
        assertThatThrownBy(() -> iam.getUser(r -> r.userName("ghost"))).isInstanceOf(AwsServiceException.class);

        Event denied = cloudtrail.lookupEvents(r -> r.lookupAttributes(a -> a.attributeKey(LookupAttributeKey.ACCESS_KEY_ID)
                .attributeValue(key.accessKeyId()))).events().getFirst();
        assertThat(denied.eventName()).isEqualTo("ListPolicies");
        assertThat(denied.username()).isEqualTo("nobody");
        assertThat(denied.cloudTrailEvent()).contains("\"errorCode\":\"AccessDenied\"")
                .contains("is not authorized to perform: iam:ListPolicies");
        assertThat(byName("GetUser")).anySatisfy(e -> assertThat(e.cloudTrailEvent())
                .contains("\"errorCode\":\"NoSuchEntity\"").contains("ghost"));
    }

    @Test
    void lookupPagesNewestFirstAndRefusesBadInput() {
        for (int i = 0; i < 5; i++) {
            iam.listUsers();
        }
        var first = cloudtrail.lookupEvents(r -> r.maxResults(2));
        assertThat(first.events()).hasSize(2);
        assertThat(first.nextToken()).isNotNull();
        var second = cloudtrail.lookupEvents(r -> r.maxResults(2).nextToken(first.nextToken()));
        assertThat(second.events()).hasSize(2).doesNotContainAnyElementsOf(first.events());
        assertThat(first.events().get(0).eventTime()).isAfterOrEqualTo(second.events().get(1).eventTime());
        assertThatThrownBy(() -> cloudtrail.lookupEvents(r -> r.nextToken("garbage")))
                .isInstanceOfSatisfying(AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidNextTokenException"));
        assertThatThrownBy(() -> cloudtrail.lookupEvents(r -> r.startTime(java.time.Instant.now())
                .endTime(java.time.Instant.now().minusSeconds(60)))).isInstanceOfSatisfying(AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidTimeRangeException"));
    }

    @Test
    void auditFilesHoldCloudTrailRecordsLines() throws Exception {
        iam.listUsers();
        String eventId = byName("ListUsers").getFirst().eventId();
        awaitDelivered(eventId);
        List<Path> files = auditFiles();
        assertThat(files).isNotEmpty().allSatisfy(file -> {
            assertThat(file.toString()).matches(".*/audit/\\d{4}/\\d{2}/\\d{2}/garrison_\\d+\\.jsonl");
            for (String line : completeLines(file)) {
                assertThat(JSON.readTree(line).get("Records").isArray()).isTrue();
            }
        });
    }

    /** The audit files' complete lines once one of them holds {@code eventId}: files trail the answers by a moment. */
    private static String awaitDelivered(String eventId) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (true) {
            StringBuilder all = new StringBuilder();
            for (Path file : auditFiles()) {
                completeLines(file).forEach(line -> all.append(line).append('\n'));
            }
            if (all.indexOf(eventId) >= 0) {
                return all.toString();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("event " + eventId + " never reached the audit files");
            }
            Thread.sleep(20);
        }
    }

    /** Lines ended by a newline: a line being appended right now is not read half-written. */
    private static List<String> completeLines(Path file) throws IOException {
        String text = Files.readString(file);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
    }

    private static List<Path> auditFiles() throws IOException {
        Path root = garrison.dataDir.resolve("audit");
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).toList();
        }
    }
}
