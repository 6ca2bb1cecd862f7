package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.net.SelfSignedCertificate;
import java.util.Map;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/** The API over HTTPS (tls-certificate, tls-key), and aws:SecureTransport telling policies which way a call came. */
class SecureTransportTest {
    private static final String OVER_TLS_ONLY = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*",
             "Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}""";

    static IamClient iam(TestServer garrison, AwsCredentialsProvider credentials) {
        return IamClient.builder().endpointOverride(garrison.endpoint()).region(Region.AWS_GLOBAL).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder()
                        .tlsTrustManagersProvider(() -> new TrustManager[] {TrustTestCertificate.INSTANCE}).build())
                .build();
    }

    /** Creates {@code carol}, allowed to list users only over TLS, and returns her key. */
    static StaticCredentialsProvider carol(IamClient admin) {
        admin.createUser(r -> r.userName("carol"));
        admin.putUserPolicy(r -> r.userName("carol").policyName("TlsOnly").policyDocument(OVER_TLS_ONLY));
        AccessKey key = admin.createAccessKey(r -> r.userName("carol")).accessKey();
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
    }

    @Test
    void aPolicyThatRequiresTlsAllowsCallsOverHttpsAndDeniesThemOverHttp() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
        try (TestServer https = TestServer.start(Map.of("tls-certificate", certificate.certificatePath(),
                "tls-key", certificate.privateKeyPath()));
                IamClient admin = iam(https, https.credentials())) {
            assertThat(https.endpoint().getScheme()).isEqualTo("https");
            try (IamClient carol = iam(https, carol(admin))) {
                assertThat(carol.listUsers().users()).extracting(u -> u.userName()).contains("carol");
            }
        }
        try (TestServer http = TestServer.start(Map.of()); IamClient admin = iam(http, http.credentials());
                IamClient carol = iam(http, carol(admin))) {
            assertThatThrownBy(carol::listUsers).isInstanceOfSatisfying(AwsServiceException.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
        }
    }
}
