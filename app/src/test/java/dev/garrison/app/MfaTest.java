package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.InvalidAuthenticationCodeException;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Virtual MFA devices with the codes an authenticator app computes from the seed IAM hands out:
 * enabled with two consecutive codes, then asked by STS so a session carries
 * aws:MultiFactorAuthPresent, which policies and trust policies can require.
 */
class MfaTest {
    private static final String ONLY_WITH_MFA = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ListUsers","sts:AssumeRole"],"Resource":"*",
             "Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"},"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}}]}""";

    static final MutableClock clock = new MutableClock(Instant.now());
    static TestServer garrison;
    static IamClient admin;

    @BeforeAll
    static void boot() throws Exception {
        garrison = TestServer.start(Map.of(), clock);
        admin = iam(garrison.credentials());
    }

    @AfterAll
    static void stop() {
        admin.close();
        garrison.close();
    }

    static IamClient iam(software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials) {
        return IamClient.builder().endpointOverride(garrison.endpoint()).region(Region.AWS_GLOBAL).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    static StsClient sts(software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials) {
        return StsClient.builder().endpointOverride(garrison.endpoint()).region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** What an authenticator app shows for {@code base32Seed} in the 30-second step {@code offset} steps from now. */
    static String code(String base32Seed, int offset) throws Exception {
        ByteArrayOutputStream seed = new ByteArrayOutputStream();
        long bits = 0;
        int count = 0;
        for (char c : base32Seed.toCharArray()) {
            bits = bits << 5 | "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".indexOf(c);
            count += 5;
            if (count >= 8) {
                seed.write((int) (bits >> (count - 8)) & 0xff);
                count -= 8;
            }
        }
        Mac hmac = Mac.getInstance("HmacSHA1");
        hmac.init(new SecretKeySpec(seed.toByteArray(), "HmacSHA1"));
        long counter = clock.instant().getEpochSecond() / 30 + offset;
        byte[] h = hmac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
        int at = h[19] & 15;
        int value = ByteBuffer.wrap(h, at, 4).getInt() & 0x7fffffff;
        return String.valueOf(1_000_000 + value % 1_000_000).substring(1);
    }

    /** A code that no step around now accepts. */
    static String wrongCode(String seed) throws Exception {
        List<String> valid = List.of(code(seed, -1), code(seed, 0), code(seed, 1));
        for (int i = 0; ; i++) {
            String candidate = String.valueOf(100_000 + i);
            if (!valid.contains(candidate)) {
                return candidate;
            }
        }
    }

    @Test
    void aSessionStartedWithAnMfaCodeMeetsPoliciesThatRequireMfa() throws Exception {
        admin.createUser(r -> r.userName("mia"));
        admin.putUserPolicy(r -> r.userName("mia").policyName("OnlyWithMfa").policyDocument(ONLY_WITH_MFA));
        AccessKey key = admin.createAccessKey(r -> r.userName("mia")).accessKey();
        var mia = StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));

        VirtualMFADevice device = admin.createVirtualMFADevice(r -> r.virtualMFADeviceName("mia-phone")).virtualMFADevice();
        assertThat(device.serialNumber()).isEqualTo("arn:aws:iam::123456789012:mfa/mia-phone");
        assertThat(device.qrCodePNG().asByteArray()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        String seed = device.base32StringSeed().asString(StandardCharsets.US_ASCII);
        assertThat(seed).matches("[A-Z2-7]{32}");

        assertThatThrownBy(() -> admin.enableMFADevice(r -> r.userName("mia").serialNumber(device.serialNumber())
                .authenticationCode1("000000").authenticationCode2("000000")))
                .isInstanceOf(InvalidAuthenticationCodeException.class);
        String previous = code(seed, -1);
        String current = code(seed, 0);
        admin.enableMFADevice(r -> r.userName("mia").serialNumber(device.serialNumber()).authenticationCode1(previous)
                .authenticationCode2(current));
        assertThat(admin.listMFADevices(r -> r.userName("mia")).mfaDevices()).singleElement()
                .satisfies(d -> assertThat(d.serialNumber()).isEqualTo(device.serialNumber()));
        assertThat(admin.listVirtualMFADevices(r -> r.assignmentStatus("Assigned")).virtualMFADevices()).singleElement()
                .satisfies(d -> assertThat(d.user().userName()).isEqualTo("mia"));

        try (IamClient plain = iam(mia)) {
            assertThatThrownBy(plain::listUsers).isInstanceOfSatisfying(AwsServiceException.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
        }
        clock.advance(Duration.ofSeconds(30));
        Credentials session;
        String now = code(seed, 0);
        try (StsClient sts = sts(mia)) {
            String wrong = wrongCode(seed);
            assertThatThrownBy(() -> sts.getSessionToken(r -> r.serialNumber(device.serialNumber()).tokenCode(wrong)))
                    .isInstanceOfSatisfying(AwsServiceException.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
            session = sts.getSessionToken(r -> r.serialNumber(device.serialNumber()).tokenCode(now)).credentials();
            assertThatThrownBy(() -> sts.getSessionToken(r -> r.serialNumber(device.serialNumber()).tokenCode(now)))
                    .as("a code is good once").isInstanceOf(AwsServiceException.class);
        }
        try (IamClient withMfa = iam(StaticCredentialsProvider.create(AwsSessionCredentials.create(session.accessKeyId(),
                session.secretAccessKey(), session.sessionToken())))) {
            assertThat(withMfa.listUsers().users()).extracting(u -> u.userName()).contains("mia");
        }
        try (CloudTrailClient trail = CloudTrailClient.builder().endpointOverride(garrison.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(garrison.credentials()).httpClient(UrlConnectionHttpClient.create()).build()) {
            for (String event : List.of("EnableMFADevice", "GetSessionToken")) {
                String record = trail.lookupEvents(r -> r.lookupAttributes(a -> a.attributeKey(LookupAttributeKey.EVENT_NAME)
                        .attributeValue(event))).events().getFirst().cloudTrailEvent();
                assertThat(record).as(event).contains(device.serialNumber()).doesNotContain("authenticationCode")
                        .doesNotContain("tokenCode");
            }
        }

        admin.createRole(r -> r.roleName("Vault").assumeRolePolicyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/mia"},
                 "Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"""));
        clock.advance(Duration.ofSeconds(30));
        String later = code(seed, 0);
        try (StsClient sts = sts(mia)) {
            String arn = "arn:aws:iam::123456789012:role/Vault";
            assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn(arn).roleSessionName("no-mfa")))
                    .isInstanceOfSatisfying(AwsServiceException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
            assertThat(sts.assumeRole(r -> r.roleArn(arn).roleSessionName("with-mfa").serialNumber(device.serialNumber())
                    .tokenCode(later)).assumedRoleUser().arn()).endsWith("assumed-role/Vault/with-mfa");
        }

        assertThatThrownBy(() -> admin.deleteUser(r -> r.userName("mia"))).isInstanceOf(DeleteConflictException.class);
        assertThatThrownBy(() -> admin.deleteVirtualMFADevice(r -> r.serialNumber(device.serialNumber())))
                .isInstanceOf(DeleteConflictException.class);
        admin.deactivateMFADevice(r -> r.userName("mia").serialNumber(device.serialNumber()));
        admin.deleteVirtualMFADevice(r -> r.serialNumber(device.serialNumber()));
        assertThat(admin.listVirtualMFADevices(r -> { }).virtualMFADevices())
                .noneMatch(d -> d.serialNumber().equals(device.serialNumber()));
    }

    @Test
    void devicesCarryTheirTags() {
        String serial = admin.createVirtualMFADevice(r -> r.virtualMFADeviceName("tagged").tags(
                software.amazon.awssdk.services.iam.model.Tag.builder().key("team").value("blue").build())).virtualMFADevice()
                .serialNumber();
        assertThat(admin.listMFADeviceTags(r -> r.serialNumber(serial)).tags()).singleElement()
                .satisfies(t -> assertThat(t.value()).isEqualTo("blue"));
        admin.tagMFADevice(r -> r.serialNumber(serial).tags(software.amazon.awssdk.services.iam.model.Tag.builder()
                .key("owner").value("ops").build()));
        admin.untagMFADevice(r -> r.serialNumber(serial).tagKeys("team"));
        assertThat(admin.listMFADeviceTags(r -> r.serialNumber(serial)).tags()).extracting(t -> t.key())
                .containsExactly("owner");
        admin.deleteVirtualMFADevice(r -> r.serialNumber(serial));
        assertThatThrownBy(() -> admin.listMFADeviceTags(r -> r.serialNumber(serial)))
                .isInstanceOf(software.amazon.awssdk.services.iam.model.NoSuchEntityException.class);
        admin.createVirtualMFADevice(r -> r.virtualMFADeviceName("tagged"));
        assertThat(admin.listMFADeviceTags(r -> r.serialNumber(serial)).tags()).as("the old device's tags went with it")
                .isEmpty();
    }
}
