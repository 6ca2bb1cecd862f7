package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.auth.scheme.CloudTrailAuthSchemeProvider;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.auth.scheme.IamAuthSchemeProvider;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.scheme.StsAuthSchemeProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

/** Roles and STS: trust policies decide who assumes, role and session policies what a session may do, until it expires. */
class RoleSessionTest {
    private static final String ACCOUNT = "123456789012";
    private static final String ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/Reader";
    private static final MutableClock CLOCK = new MutableClock(Instant.now());

    static TestServer garrison;
    static IamClient admin;
    static StaticCredentialsProvider eveKey;

    @BeforeAll
    static void boot() throws Exception {
        garrison = TestServer.start(Map.of(), CLOCK);
        admin = iam(garrison.credentials());
        admin.createRole(r -> r.roleName("Reader").assumeRolePolicyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},
                "Action":"sts:AssumeRole"}]}""".formatted(ACCOUNT)));
        admin.putRolePolicy(r -> r.roleName("Reader").policyName("ReadUsers").policyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ListUsers","iam:GetUser"],"Resource":"*"}]}"""));
        admin.createUser(r -> r.userName("eve"));
        admin.putUserPolicy(r -> r.userName("eve").policyName("MayAssume").policyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"%s"}]}"""
                .formatted(ROLE_ARN)));
        admin.createUser(r -> r.userName("mallory"));
        eveKey = keyOf("eve");
    }

    @AfterAll
    static void stop() {
        admin.close();
        garrison.close();
    }

    /** Clients sign with the server's clock, so moving it does not look like clock skew. */
    static IamClient iam(AwsCredentialsProvider credentials) {
        IamAuthSchemeProvider defaults = IamAuthSchemeProvider.defaultProvider();
        return IamClient.builder().endpointOverride(garrison.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
                .authSchemeProvider(p -> defaults.resolveAuthScheme(p).stream()
                        .map(o -> o.toBuilder().putSignerProperty(HttpSigner.SIGNING_CLOCK, CLOCK).build()).toList())
                .build();
    }

    static StsClient sts(AwsCredentialsProvider credentials) {
        StsAuthSchemeProvider defaults = StsAuthSchemeProvider.defaultProvider();
        return StsClient.builder().endpointOverride(garrison.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
                .authSchemeProvider(p -> defaults.resolveAuthScheme(p).stream()
                        .map(o -> o.toBuilder().putSignerProperty(HttpSigner.SIGNING_CLOCK, CLOCK).build()).toList())
                .build();
    }

    static StaticCredentialsProvider keyOf(String user) {
        AccessKey key = admin.createAccessKey(r -> r.userName(user)).accessKey();
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
    }

    static StaticCredentialsProvider session(Credentials credentials) {
        return StaticCredentialsProvider.create(AwsSessionCredentials.create(credentials.accessKeyId(),
                credentials.secretAccessKey(), credentials.sessionToken()));
    }

    @Test
    void anAssumedRoleActsWithItsOwnPermissionsAndExpires() {
        try (StsClient eve = sts(eveKey)) {
            AssumeRoleResponse assumed = eve.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("s1").durationSeconds(900));
            assertThat(assumed.credentials().accessKeyId()).startsWith("ASIA");
            assertThat(assumed.credentials().expiration()).isEqualTo(CLOCK.instant().plusSeconds(900));
            assertThat(assumed.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/Reader/s1");
            assertThat(assumed.assumedRoleUser().assumedRoleId()).startsWith("AROA").endsWith(":s1");

            try (IamClient role = iam(session(assumed.credentials())); StsClient roleSts = sts(session(assumed.credentials()))) {
                assertThat(roleSts.getCallerIdentity().arn()).isEqualTo(assumed.assumedRoleUser().arn());
                assertThat(role.listUsers().users()).extracting(u -> u.userName()).contains("eve");
                assertThatThrownBy(role::listRoles).isInstanceOfSatisfying(AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:sts::" + ACCOUNT
                                + ":assumed-role/Reader/s1 is not authorized to perform: iam:ListRoles on resource: *"
                                + " because no identity-based policy allows the iam:ListRoles action"));

                CLOCK.advance(Duration.ofMinutes(16));
                assertThatThrownBy(roleSts::getCallerIdentity).isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The security token included in the request is expired");
                });
            }
        }
    }

    @Test
    void aSessionPolicyNarrowsTheRole() {
        try (StsClient eve = sts(eveKey)) {
            Credentials narrowed = eve.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("narrow").policy("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"}]}"""))
                    .credentials();
            try (IamClient role = iam(session(narrowed))) {
                assertThat(role.getUser(r -> r.userName("eve")).user().userName()).isEqualTo("eve");
                assertThatThrownBy(role::listUsers).isInstanceOfSatisfying(AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).endsWith(
                                "because no session policy allows the iam:ListUsers action"));
            }
        }
    }

    @Test
    void onlyTrustedAndPermittedCallersAssumeAndWithinTheRolesMaximum() {
        try (StsClient mallory = sts(keyOf("mallory")); StsClient eve = sts(eveKey)) {
            assertThatThrownBy(() -> mallory.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("xx")))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                        assertThat(e.awsErrorDetails().errorMessage()).contains("user/mallory is not authorized to perform:"
                                + " sts:AssumeRole on resource: " + ROLE_ARN);
                    });
            assertThatThrownBy(() -> eve.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("long").durationSeconds(7200)))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("The requested DurationSeconds exceeds the MaxSessionDuration set for this role."));
            assertThatThrownBy(() -> eve.assumeRole(r -> r.roleArn("arn:aws:iam::" + ACCOUNT + ":role/Nope")
                    .roleSessionName("xx"))).isInstanceOfSatisfying(AwsServiceException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
            assertThatThrownBy(() -> eve.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("bad").policy("{")))
                    .isInstanceOfSatisfying(AwsServiceException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MalformedPolicyDocument"));
        }
    }

    @Test
    void sessionSecretsStayOutOfTheAuditTrailAndSessionsNameTheirRole() {
        CloudTrailAuthSchemeProvider defaults = CloudTrailAuthSchemeProvider.defaultProvider();
        try (StsClient eve = sts(eveKey); CloudTrailClient trail = CloudTrailClient.builder()
                .endpointOverride(garrison.endpoint()).region(Region.US_EAST_1).credentialsProvider(garrison.credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .authSchemeProvider(p -> defaults.resolveAuthScheme(p).stream()
                        .map(o -> o.toBuilder().putSignerProperty(HttpSigner.SIGNING_CLOCK, CLOCK).build()).toList())
                .build()) {
            Credentials issued = eve.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("audited")).credentials();
            try (StsClient session = sts(session(issued))) {
                session.getCallerIdentity();
            }
            String assumeRecord = trail.lookupEvents(r -> r.lookupAttributes(a -> a.attributeKey("EventName")
                    .attributeValue("AssumeRole"))).events().stream().map(e -> e.cloudTrailEvent())
                    .filter(e -> e.contains(issued.accessKeyId())).findFirst().orElseThrow();
            assertThat(assumeRecord).doesNotContain(issued.sessionToken()).doesNotContain(issued.secretAccessKey());
            String sessionRecord = trail.lookupEvents(r -> r.lookupAttributes(a -> a.attributeKey("AccessKeyId")
                    .attributeValue(issued.accessKeyId()))).events().getFirst().cloudTrailEvent();
            assertThat(sessionRecord).contains("\"type\":\"AssumedRole\"")
                    .contains("\"sessionIssuer\":{\"type\":\"Role\"")
                    .contains("\"arn\":\"" + ROLE_ARN + "\"");
        }
    }

    @Test
    void roleChainingIsCappedAtAnHour() {
        admin.createRole(r -> r.roleName("Long").maxSessionDuration(7200).assumeRolePolicyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},
                "Action":"sts:AssumeRole"}]}""".formatted(ACCOUNT)));
        admin.putRolePolicy(r -> r.roleName("Reader").policyName("Chain").policyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"""));
        try (StsClient eve = sts(eveKey)) {
            Credentials reader = eve.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("chain")).credentials();
            try (StsClient chained = sts(session(reader))) {
                String longArn = "arn:aws:iam::" + ACCOUNT + ":role/Long";
                assertThatThrownBy(() -> chained.assumeRole(r -> r.roleArn(longArn).roleSessionName("c2")
                        .durationSeconds(7200))).isInstanceOfSatisfying(AwsServiceException.class,
                                e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The requested DurationSeconds"
                                        + " exceeds the 1 hour session limit for roles assumed by role chaining."));
                assertThat(chained.assumeRole(r -> r.roleArn(longArn).roleSessionName("c3")).assumedRoleUser().arn())
                        .endsWith(":assumed-role/Long/c3");
            }
        }
    }

    @Test
    void getSessionTokenActsAsTheUser() {
        try (StsClient eve = sts(eveKey)) {
            Credentials temporary = eve.getSessionToken(r -> r.durationSeconds(900)).credentials();
            assertThat(temporary.accessKeyId()).startsWith("ASIA");
            try (StsClient asEve = sts(session(temporary))) {
                assertThat(asEve.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/eve");
            }
        }
    }
}
