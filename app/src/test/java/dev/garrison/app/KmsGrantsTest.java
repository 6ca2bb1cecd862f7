package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GrantOperation;

/** Grants give a principal the use of a key within their constraints until retired or revoked. */
class KmsGrantsTest {
    static TestServer garrison;
    static KmsClient kms;
    static IamClient iam;

    @BeforeAll
    static void boot() throws Exception {
        garrison = TestServer.start();
        kms = kms(garrison.credentials());
        iam = IamClient.builder().endpointOverride(garrison.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(garrison.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        kms.close();
        iam.close();
        garrison.close();
    }

    static KmsClient kms(software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials) {
        return KmsClient.builder().endpointOverride(garrison.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    static KmsClient user(String name) {
        iam.createUser(r -> r.userName(name));
        AccessKey key = iam.createAccessKey(r -> r.userName(name)).accessKey();
        return kms(StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())));
    }

    static void denied(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
    }

    static void invalid(Runnable call, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code));
    }

    @Test
    void aGrantWithAContextConstraintAllowsOnlyMatchingUseUntilRetired() {
        String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
        try (KmsClient dave = user("dave"); KmsClient erin = user("erin")) {
            Runnable shop = () -> dave.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))
                    .encryptionContext(Map.of("app", "shop", "order", "7")));
            denied(shop);
            var grant = kms.createGrant(r -> r.keyId(keyId).granteePrincipal("arn:aws:iam::123456789012:user/dave")
                    .retiringPrincipal("arn:aws:iam::123456789012:user/erin").name("shop-orders")
                    .operations(GrantOperation.ENCRYPT, GrantOperation.DECRYPT)
                    .constraints(c -> c.encryptionContextSubset(Map.of("app", "shop"))));
            assertThat(grant.grantId()).hasSize(64);
            shop.run();
            dave.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x")).grantTokens(grant.grantToken())
                    .encryptionContext(Map.of("app", "shop")));
            invalid(() -> dave.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x")).grantTokens("bogus")
                    .encryptionContext(Map.of("app", "shop"))), "InvalidGrantTokenException");
            denied(() -> dave.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))));
            denied(() -> dave.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))
                    .encryptionContext(Map.of("app", "blog"))));
            denied(() -> dave.generateDataKey(r -> r.keyId(keyId).numberOfBytes(16).encryptionContext(Map.of("app", "shop"))));

            var again = kms.createGrant(r -> r.keyId(keyId).granteePrincipal("arn:aws:iam::123456789012:user/dave")
                    .retiringPrincipal("arn:aws:iam::123456789012:user/erin").name("shop-orders")
                    .operations(GrantOperation.DECRYPT, GrantOperation.ENCRYPT)
                    .constraints(c -> c.encryptionContextSubset(Map.of("app", "shop"))));
            assertThat(again.grantId()).isEqualTo(grant.grantId());
            assertThat(kms.listGrants(r -> r.keyId(keyId)).grants()).singleElement().satisfies(g -> {
                assertThat(g.granteePrincipal()).isEqualTo("arn:aws:iam::123456789012:user/dave");
                assertThat(g.constraints().encryptionContextSubset()).containsEntry("app", "shop");
                assertThat(g.issuingAccount()).isEqualTo("123456789012");
            });
            assertThat(kms.listRetirableGrants(r -> r.retiringPrincipal("arn:aws:iam::123456789012:user/erin")).grants())
                    .extracting(g -> g.grantId()).containsExactly(grant.grantId());

            iam.putUserPolicy(r -> r.userName("dave").policyName("NoShop").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"kms:Encrypt\",\"Resource\":\"*\"}]}"));
            denied(shop);
            iam.deleteUserPolicy(r -> r.userName("dave").policyName("NoShop"));
            shop.run();

            invalid(() -> erin.retireGrant(r -> r.grantToken("bm90LWEtdG9rZW4")), "InvalidGrantTokenException");
            erin.retireGrant(r -> r.grantToken(grant.grantToken()));
            denied(shop);
            assertThat(kms.listGrants(r -> r.keyId(keyId)).grants()).isEmpty();
        }
    }

    @Test
    void revokedAndInvalidGrants() {
        String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
        try (KmsClient frank = user("frank")) {
            String grantId = kms.createGrant(r -> r.keyId(keyId).granteePrincipal("arn:aws:iam::123456789012:user/frank")
                    .operations(GrantOperation.DESCRIBE_KEY)).grantId();
            assertThat(frank.describeKey(r -> r.keyId(keyId)).keyMetadata().keyId()).isEqualTo(keyId);
            kms.revokeGrant(r -> r.keyId(keyId).grantId(grantId));
            denied(() -> frank.describeKey(r -> r.keyId(keyId)));
            invalid(() -> kms.revokeGrant(r -> r.keyId(keyId).grantId(grantId)), "NotFoundException");
            invalid(() -> kms.revokeGrant(r -> r.keyId(keyId).grantId("nope")), "InvalidGrantIdException");

            invalid(() -> kms.createGrant(r -> r.keyId(keyId).granteePrincipal("arn:aws:iam::123456789012:user/frank")
                    .operations(GrantOperation.SIGN)), "ValidationException");
            invalid(() -> kms.createGrant(r -> r.keyId(keyId).granteePrincipal("arn:aws:iam::123456789012:user/frank")
                    .operations(GrantOperation.DESCRIBE_KEY).constraints(c -> c.encryptionContextEquals(Map.of("a", "b")))),
                    "ValidationException");
            invalid(() -> kms.createGrant(r -> r.keyId(keyId).granteePrincipal("frank")
                    .operations(GrantOperation.ENCRYPT)), "ValidationException");
            assertThat(kms.listGrants(r -> r.keyId(keyId)).grants()).isEmpty();
            denied(() -> frank.createGrant(r -> r.keyId(keyId).granteePrincipal("arn:aws:iam::123456789012:user/frank")
                    .operations(GrantOperation.ENCRYPT)));
        }
    }
}
