package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sts.StsClient;

/** The AWS SDK for Java v2 against Garrison booted in-process: routing, auth, validation and error shapes. */
class SdkIntegrationTest {
    static TestServer garrison;

    @BeforeAll
    static void boot() throws Exception {
        garrison = TestServer.start();
    }

    @AfterAll
    static void stop() {
        garrison.close();
    }

    private StsClient sts(StaticCredentialsProvider credentials) {
        return StsClient.builder().endpointOverride(garrison.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private KmsClient kms(StaticCredentialsProvider credentials) {
        return KmsClient.builder().endpointOverride(garrison.endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Test
    void aSignedCallFromTheJdkHttpClientIsVerifiedThoughItOffersAnH2cUpgrade() throws Exception {
        byte[] body = "{\"NumberOfBytes\":16}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(garrison.endpoint().resolve("/"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
        for (String line : new RequestSigner(garrison).headerLines("kms", "POST", "/",
                java.util.Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", "TrentService.GenerateRandom"), body)) {
            String name = line.substring(0, line.indexOf(':'));
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                request.header(name, line.substring(line.indexOf(':') + 1).strip());
            }
        }
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2).build()
                .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"Plaintext\"");
    }

    @Test
    void getCallerIdentityNamesTheAdmin() {
        try (StsClient sts = sts(garrison.credentials())) {
            var identity = sts.getCallerIdentity();
            assertThat(identity.account()).isEqualTo("123456789012");
            assertThat(identity.arn()).isEqualTo("arn:aws:iam::123456789012:user/admin");
            assertThat(identity.userId()).startsWith("AIDA");
        }
    }

    @Test
    void unknownAccessKeyIsRefusedInEachProtocol() {
        var stranger = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAUNKNOWNUNKNOWN00", "x".repeat(40)));
        try (StsClient sts = sts(stranger); KmsClient kms = kms(stranger)) {
            assertThatThrownBy(sts::getCallerIdentity).isInstanceOfSatisfying(AwsServiceException.class, e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
                assertThat(e.statusCode()).isEqualTo(403);
            });
            assertThatThrownBy(kms::listKeys).isInstanceOfSatisfying(AwsServiceException.class, e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The security token included in the request is invalid.");
                assertThat(e.statusCode()).isEqualTo(400);
            });
        }
    }

    @Test
    void wrongSecretIsABadSignature() {
        var wrong = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(garrison.server.admin().accessKeyId(), garrison.secret + "x"));
        try (KmsClient kms = kms(wrong); StsClient sts = sts(wrong)) {
            assertThatThrownBy(kms::listKeys).isInstanceOfSatisfying(AwsServiceException.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException"));
            assertThatThrownBy(sts::getCallerIdentity).isInstanceOfSatisfying(AwsServiceException.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch"));
        }
    }

    @Test
    void validationErrorsUseAwsWording() {
        try (KmsClient kms = kms(garrison.credentials())) {
            assertThatThrownBy(() -> kms.generateRandom(r -> r.numberOfBytes(1025)))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value '1025'"
                                + " at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024");
                    });
            assertThatThrownBy(() -> kms.encrypt(r -> r.keyId("").plaintext(SdkBytes.fromUtf8String(""))))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                            .startsWith("2 validation errors detected: ")
                            .contains("Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1")
                            .contains("at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1"));
        }
    }

    @Test
    void operationsWithoutImplementationAnswerNotImplemented() {
        try (EventBridgeClient events = EventBridgeClient.builder().endpointOverride(garrison.endpoint())
                        .region(Region.US_EAST_1).credentialsProvider(garrison.credentials())
                        .httpClient(UrlConnectionHttpClient.create()).build();
                IamClient iam = IamClient.builder().endpointOverride(garrison.endpoint()).region(Region.AWS_GLOBAL)
                        .credentialsProvider(garrison.credentials()).httpClient(UrlConnectionHttpClient.create()).build()) {
            assertThatThrownBy(() -> events.listEventBuses(r -> { })).isInstanceOfSatisfying(AwsServiceException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(501);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotImplementedException");
                assertThat(e.requestId()).isNotBlank();
            });
            assertThatThrownBy(iam::listInstanceProfiles).isInstanceOfSatisfying(AwsServiceException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(501);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotImplemented");
            });
        }
    }

    @Test
    void unsignedRequestsAreMissingAuthentication() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(garrison.endpoint())
                .header("X-Amz-Target", "TrentService.ListKeys")
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"__type\":\"MissingAuthenticationTokenException\"");
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
    }

    @Test
    void healthAndMetricsAnswer() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(garrison.endpoint() + "/_garrison/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"storage\":\"ready\"");
        try (StsClient sts = sts(garrison.credentials())) {
            sts.getCallerIdentity();
        }
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(garrison.endpoint() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("garrison_api_requests_seconds_count{operation=\"GetCallerIdentity\",service=\"sts\",status=\"200\"}");
    }
}
