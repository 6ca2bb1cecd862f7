package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.auth.scheme.CloudTrailAuthSchemeProvider;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.auth.scheme.IamAuthSchemeProvider;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * KMS with symmetric keys through the AWS SDK: real AES-GCM ciphertexts bound to their key and
 * encryption context, data keys, lifecycle on a moved clock, aliases, tags, and key policies
 * that decide who may use a key.
 */
class KmsKeysTest {
    static final MutableClock CLOCK = new MutableClock(Instant.now());
    static TestServer garrison;
    static KmsClient kms;
    static IamClient iam;

    @BeforeAll
    static void boot() throws Exception {
        garrison = TestServer.start(Map.of(), null, CLOCK);
        kms = kms(garrison.credentials());
        IamAuthSchemeProvider defaults = IamAuthSchemeProvider.defaultProvider();
        iam = IamClient.builder().endpointOverride(garrison.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(garrison.credentials()).httpClient(UrlConnectionHttpClient.create())
                .authSchemeProvider(p -> defaults.resolveAuthScheme(p).stream()
                        .map(o -> o.toBuilder().putSignerProperty(HttpSigner.SIGNING_CLOCK, CLOCK).build()).toList())
                .build();
    }

    @AfterAll
    static void stop() {
        kms.close();
        iam.close();
        garrison.close();
    }

    static KmsClient kms(AwsCredentialsProvider credentials) {
        return KmsClients.of(garrison, credentials, Region.US_EAST_1, CLOCK);
    }

    static StaticCredentialsProvider user(String name) {
        iam.createUser(r -> r.userName(name));
        AccessKey key = iam.createAccessKey(r -> r.userName(name)).accessKey();
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
    }

    static void fails(Runnable call, String code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            if (message != null) {
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
            }
        });
    }

    static SdkBytes text(String s) {
        return SdkBytes.fromString(s, StandardCharsets.UTF_8);
    }

    @Test
    void encryptedDataOpensOnlyWithItsKeyAndContext() {
        KeyMetadata key = kms.createKey(r -> r.description("orders")).keyMetadata();
        assertThat(key.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(key.arn()).isEqualTo("arn:aws:kms:us-east-1:123456789012:key/" + key.keyId());
        assertThat(key.keySpecAsString()).isEqualTo("SYMMETRIC_DEFAULT");
        assertThat(key.encryptionAlgorithmsAsStrings()).containsExactly("SYMMETRIC_DEFAULT");
        Map<String, String> context = Map.of("tenant", "acme", "purpose", "orders");

        SdkBytes blob = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(text("card 4111")).encryptionContext(context))
                .ciphertextBlob();
        assertThat(new String(blob.asByteArray(), StandardCharsets.ISO_8859_1)).doesNotContain("card 4111");
        var opened = kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(context));
        assertThat(opened.plaintext().asUtf8String()).isEqualTo("card 4111");
        assertThat(opened.keyId()).isEqualTo(key.arn());

        fails(() -> kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(Map.of("tenant", "acme"))),
                "InvalidCiphertextException", null);
        byte[] tampered = blob.asByteArray();
        tampered[tampered.length - 3] ^= 1;
        fails(() -> kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(tampered)).encryptionContext(context)),
                "InvalidCiphertextException", null);
        fails(() -> kms.decrypt(r -> r.ciphertextBlob(text("not a ciphertext at all, not at all"))),
                "InvalidCiphertextException", null);
        String other = kms.createKey(r -> { }).keyMetadata().keyId();
        fails(() -> kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(context).keyId(other)),
                "IncorrectKeyException", "The key ID in the request does not identify a CMK that can perform this operation.");

        SdkBytes moved = kms.reEncrypt(r -> r.ciphertextBlob(blob).sourceEncryptionContext(context)
                .destinationKeyId(other)).ciphertextBlob();
        assertThat(kms.decrypt(r -> r.ciphertextBlob(moved)).plaintext().asUtf8String()).isEqualTo("card 4111");
        fails(() -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromByteArray(new byte[4097]))),
                "ValidationException", null);
    }

    @Test
    void dataKeysAndRandomBytes() {
        String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
        var dataKey = kms.generateDataKey(r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256)
                .encryptionContext(Map.of("file", "a.txt")));
        assertThat(dataKey.plaintext().asByteArray()).hasSize(32);
        assertThat(kms.decrypt(r -> r.ciphertextBlob(dataKey.ciphertextBlob()).encryptionContext(Map.of("file", "a.txt")))
                .plaintext()).isEqualTo(dataKey.plaintext());
        var sealedOnly = kms.generateDataKeyWithoutPlaintext(r -> r.keyId(keyId).numberOfBytes(16));
        assertThat(kms.decrypt(r -> r.ciphertextBlob(sealedOnly.ciphertextBlob())).plaintext().asByteArray()).hasSize(16);
        fails(() -> kms.generateDataKey(r -> r.keyId(keyId)), "ValidationException",
                "Please specify either number of bytes or key spec.");
        fails(() -> kms.generateDataKey(r -> r.keyId(keyId).numberOfBytes(1025)), "ValidationException",
                "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: "
                        + "Member must have value less than or equal to 1024");
        assertThat(kms.generateRandom(r -> r.numberOfBytes(64)).plaintext().asByteArray()).hasSize(64);
    }

    @Test
    void disabledAndDeletedKeysRefuseWorkAndDeletionWaitsForTheClock() {
        KeyMetadata key = kms.createKey(r -> { }).keyMetadata();
        SdkBytes blob = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(text("x"))).ciphertextBlob();
        kms.disableKey(r -> r.keyId(key.keyId()));
        fails(() -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(text("x"))), "DisabledException",
                key.arn() + " is disabled.");
        kms.enableKey(r -> r.keyId(key.arn()));

        fails(() -> kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(3)), "ValidationException",
                "1 validation error detected: Value '3' at 'pendingWindowInDays' failed to satisfy constraint: "
                        + "Member must have value greater than or equal to 7");
        var scheduled = kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
        assertThat(scheduled.keyState()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(scheduled.deletionDate()).isAfter(CLOCK.instant().plus(Duration.ofDays(6)));
        fails(() -> kms.decrypt(r -> r.ciphertextBlob(blob)), "KMSInvalidStateException",
                key.arn() + " is pending deletion.");
        fails(() -> kms.enableKey(r -> r.keyId(key.keyId())), "KMSInvalidStateException", key.arn() + " is pending deletion.");
        kms.cancelKeyDeletion(r -> r.keyId(key.keyId()));
        assertThat(kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().keyState()).isEqualTo(KeyState.DISABLED);

        kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
        CLOCK.advance(Duration.ofDays(7).plusMinutes(1));
        fails(() -> kms.describeKey(r -> r.keyId(key.keyId())), "NotFoundException",
                "Key '" + key.arn() + "' does not exist");
        fails(() -> kms.decrypt(r -> r.ciphertextBlob(blob)), "NotFoundException", null);
        assertThat(kms.listKeys().keys()).noneMatch(k -> k.keyId().equals(key.keyId()));
        fails(() -> kms.describeKey(r -> r.keyId("not-a-key")), "NotFoundException", "Invalid keyId 'not-a-key'");
    }

    @Test
    void multiRegionKeysShareMaterialAcrossRegions() {
        try (KmsClient europe = KmsClients.of(garrison, garrison.credentials(), Region.EU_WEST_1, CLOCK)) {
            KeyMetadata primary = kms.createKey(r -> r.multiRegion(true)).keyMetadata();
            assertThat(primary.keyId()).startsWith("mrk-");
            assertThat(primary.multiRegionConfiguration().multiRegionKeyTypeAsString()).isEqualTo("PRIMARY");
            SdkBytes blob = kms.encrypt(r -> r.keyId(primary.keyId()).plaintext(text("everywhere"))).ciphertextBlob();

            var replica = kms.replicateKey(r -> r.keyId(primary.keyId()).replicaRegion("eu-west-1").description("eu copy"));
            assertThat(replica.replicaKeyMetadata().arn()).isEqualTo("arn:aws:kms:eu-west-1:123456789012:key/" + primary.keyId());
            assertThat(replica.replicaKeyMetadata().multiRegionConfiguration().multiRegionKeyTypeAsString()).isEqualTo("REPLICA");
            assertThat(europe.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String()).isEqualTo("everywhere");
            fails(() -> kms.replicateKey(r -> r.keyId(primary.keyId()).replicaRegion("eu-west-1")), "AlreadyExistsException", null);
            String grantId = kms.createGrant(r -> r.keyId(primary.keyId()).granteePrincipal("arn:aws:iam::123456789012:root")
                    .operations(GrantOperation.ENCRYPT)).grantId();
            assertThat(kms.listGrants(r -> r.keyId(primary.keyId())).grants()).extracting(g -> g.grantId()).contains(grantId);
            assertThat(europe.listGrants(r -> r.keyId(primary.keyId())).grants()).as("each copy has its own grants").isEmpty();

            kms.rotateKeyOnDemand(r -> r.keyId(primary.keyId()));
            SdkBytes rotated = kms.encrypt(r -> r.keyId(primary.keyId()).plaintext(text("after rotation"))).ciphertextBlob();
            assertThat(europe.decrypt(r -> r.ciphertextBlob(rotated)).plaintext().asUtf8String()).isEqualTo("after rotation");

            fails(() -> europe.replicateKey(r -> r.keyId(primary.keyId()).replicaRegion("us-west-2")),
                    "UnsupportedOperationException", replica.replicaKeyMetadata().arn() + " is not a multi-Region primary key.");
            kms.updatePrimaryRegion(r -> r.keyId(primary.keyId()).primaryRegion("eu-west-1"));
            assertThat(kms.describeKey(r -> r.keyId(primary.keyId())).keyMetadata().multiRegionConfiguration()
                    .multiRegionKeyTypeAsString()).isEqualTo("REPLICA");
            assertThat(europe.describeKey(r -> r.keyId(primary.keyId())).keyMetadata().multiRegionConfiguration()
                    .primaryKey().region()).isEqualTo("eu-west-1");
            String single = kms.createKey(r -> { }).keyMetadata().keyId();
            fails(() -> kms.replicateKey(r -> r.keyId(single).replicaRegion("eu-west-1")), "UnsupportedOperationException", null);

            String doomed = kms.createKey(r -> r.multiRegion(true)).keyMetadata().keyId();
            kms.replicateKey(r -> r.keyId(doomed).replicaRegion("eu-west-1"));
            var scheduled = kms.scheduleKeyDeletion(r -> r.keyId(doomed).pendingWindowInDays(7));
            assertThat(scheduled.keyStateAsString()).isEqualTo("PendingReplicaDeletion");
            assertThat(scheduled.deletionDate()).as("no date while replicas remain").isNull();
            fails(() -> kms.encrypt(r -> r.keyId(doomed).plaintext(text("x"))), "KMSInvalidStateException", null);
            europe.scheduleKeyDeletion(r -> r.keyId(doomed).pendingWindowInDays(7));
            CLOCK.advance(Duration.ofDays(8));
            fails(() -> europe.describeKey(r -> r.keyId(doomed)), "NotFoundException", null);
            KeyMetadata waiting = kms.describeKey(r -> r.keyId(doomed)).keyMetadata();
            assertThat(waiting.keyStateAsString()).as("the replicas are gone: the window starts").isEqualTo("PendingDeletion");
            assertThat(waiting.deletionDate()).isAfter(CLOCK.instant().plus(Duration.ofDays(6)));
            CLOCK.advance(Duration.ofDays(8));
            fails(() -> kms.describeKey(r -> r.keyId(doomed)), "NotFoundException", null);
        }
    }

    @Test
    void keysAreRegional() {
        String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
        SdkBytes blob = kms.encrypt(r -> r.keyId(keyId).plaintext(text("here"))).ciphertextBlob();
        try (KmsClient elsewhere = KmsClients.of(garrison, garrison.credentials(), Region.EU_WEST_1, CLOCK)) {
            kms.createAlias(r -> r.aliasName("alias/everywhere").targetKeyId(keyId));
            String european = elsewhere.createKey(r -> { }).keyMetadata().keyId();
            elsewhere.createAlias(r -> r.aliasName("alias/everywhere").targetKeyId(european));
            assertThat(elsewhere.describeKey(r -> r.keyId("alias/everywhere")).keyMetadata().keyId()).isEqualTo(european);
            assertThat(kms.describeKey(r -> r.keyId("alias/everywhere")).keyMetadata().keyId()).isEqualTo(keyId);
            fails(() -> elsewhere.describeKey(r -> r.keyId(keyId)), "NotFoundException",
                    "Key 'arn:aws:kms:eu-west-1:123456789012:key/" + keyId + "' does not exist");
            fails(() -> elsewhere.decrypt(r -> r.ciphertextBlob(blob)), "NotFoundException", null);
            assertThat(elsewhere.listKeys().keys()).noneMatch(k -> k.keyId().equals(keyId));
        }
    }

    @Test
    void rotationAddsMaterialAndOldCiphertextsStillOpen() {
        String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
        SdkBytes before = kms.encrypt(r -> r.keyId(keyId).plaintext(text("v1"))).ciphertextBlob();
        String firstMaterial = kms.describeKey(r -> r.keyId(keyId)).keyMetadata().currentKeyMaterialId();

        kms.rotateKeyOnDemand(r -> r.keyId(keyId));
        SdkBytes onDemand = kms.encrypt(r -> r.keyId(keyId).plaintext(text("v2"))).ciphertextBlob();
        assertThat(kms.decrypt(r -> r.ciphertextBlob(before)).keyMaterialId()).isEqualTo(firstMaterial);
        assertThat(kms.decrypt(r -> r.ciphertextBlob(onDemand)).keyMaterialId()).isNotEqualTo(firstMaterial);

        fails(() -> kms.enableKeyRotation(r -> r.keyId(keyId).rotationPeriodInDays(30)), "ValidationException",
                "1 validation error detected: Value '30' at 'rotationPeriodInDays' failed to satisfy constraint: "
                        + "Member must have value greater than or equal to 90");
        kms.enableKeyRotation(r -> r.keyId(keyId).rotationPeriodInDays(90));
        var status = kms.getKeyRotationStatus(r -> r.keyId(keyId));
        assertThat(status.keyRotationEnabled()).isTrue();
        assertThat(status.rotationPeriodInDays()).isEqualTo(90);
        CLOCK.advance(Duration.ofDays(91));
        assertThat(kms.listKeyRotations(r -> r.keyId(keyId)).rotations()).extracting(e -> e.rotationTypeAsString())
                .containsExactlyInAnyOrder("ON_DEMAND", "AUTOMATIC");
        assertThat(kms.decrypt(r -> r.ciphertextBlob(before)).plaintext().asUtf8String()).isEqualTo("v1");
        assertThat(kms.decrypt(r -> r.ciphertextBlob(onDemand)).plaintext().asUtf8String()).isEqualTo("v2");
        kms.disableKeyRotation(r -> r.keyId(keyId));
        assertThat(kms.getKeyRotationStatus(r -> r.keyId(keyId)).keyRotationEnabled()).isFalse();
    }

    @Test
    void aliasesNameKeys() {
        String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
        String next = kms.createKey(r -> { }).keyMetadata().keyId();
        kms.createAlias(r -> r.aliasName("alias/payments").targetKeyId(keyId));
        SdkBytes blob = kms.encrypt(r -> r.keyId("alias/payments").plaintext(text("p"))).ciphertextBlob();
        assertThat(kms.decrypt(r -> r.ciphertextBlob(blob)).keyId()).endsWith(keyId);
        assertThat(kms.describeKey(r -> r.keyId("arn:aws:kms:us-east-1:123456789012:alias/payments")).keyMetadata().keyId())
                .isEqualTo(keyId);
        fails(() -> kms.createAlias(r -> r.aliasName("alias/payments").targetKeyId(next)), "AlreadyExistsException",
                "An alias with the name arn:aws:kms:us-east-1:123456789012:alias/payments already exists");
        fails(() -> kms.createAlias(r -> r.aliasName("alias/aws/mine").targetKeyId(next)), "InvalidAliasNameException", null);
        fails(() -> kms.createAlias(r -> r.aliasName("payments2").targetKeyId(next)), "InvalidAliasNameException", null);
        kms.updateAlias(r -> r.aliasName("alias/payments").targetKeyId(next));
        assertThat(kms.listAliases(r -> r.keyId(next)).aliases()).extracting(a -> a.aliasName())
                .containsExactly("alias/payments");
        kms.deleteAlias(r -> r.aliasName("alias/payments"));
        fails(() -> kms.encrypt(r -> r.keyId("alias/payments").plaintext(text("p"))), "NotFoundException",
                "Alias arn:aws:kms:us-east-1:123456789012:alias/payments is not found.");
    }

    @Test
    void tagsFollowKmsRules() {
        String keyId = kms.createKey(r -> r.tags(t -> t.tagKey("team").tagValue("payments"))).keyMetadata().keyId();
        kms.tagResource(r -> r.keyId(keyId).tags(t -> t.tagKey("env").tagValue("prod")));
        assertThat(kms.listResourceTags(r -> r.keyId(keyId)).tags()).extracting(t -> t.tagKey()).containsExactly("env", "team");
        kms.untagResource(r -> r.keyId(keyId).tagKeys("team"));
        assertThat(kms.listResourceTags(r -> r.keyId(keyId)).tags()).extracting(t -> t.tagKey()).containsExactly("env");
        fails(() -> kms.tagResource(r -> r.keyId(keyId).tags(t -> t.tagKey("aws:owner").tagValue("x"))), "TagException", null);
    }

    @Test
    void theKeyPolicyDecidesWhoMayUseAKey() {
        String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
        try (KmsClient carol = kms(user("carol"))) {
            Consumer<String> encrypt = id -> carol.encrypt(r -> r.keyId(id).plaintext(text("c")));
            fails(() -> encrypt.accept(keyId), "AccessDeniedException", "User: arn:aws:iam::123456789012:user/carol is not"
                    + " authorized to perform: kms:Encrypt on resource: arn:aws:kms:us-east-1:123456789012:key/" + keyId
                    + " because no identity-based policy allows the kms:Encrypt action");
            // the default key policy names the account: IAM decides
            iam.putUserPolicy(r -> r.userName("carol").policyName("UseKeys").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:Encrypt\",\"Resource\":\"*\"}]}"));
            encrypt.accept(keyId);

            // a key whose policy names only the admin: carol's IAM allow no longer counts
            String adminOnly = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                    + "\"arn:aws:iam::123456789012:user/admin\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
            String guarded = kms.createKey(r -> r.policy(adminOnly)).keyMetadata().keyId();
            fails(() -> encrypt.accept(guarded), "AccessDeniedException", "User: arn:aws:iam::123456789012:user/carol is not"
                    + " authorized to perform: kms:Encrypt on resource: arn:aws:kms:us-east-1:123456789012:key/" + guarded
                    + " because no resource-based policy allows the kms:Encrypt action");
            String withCarol = adminOnly.replace("\"Resource\":\"*\"}]}", "\"Resource\":\"*\"},{\"Effect\":\"Allow\","
                    + "\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:user/carol\"},\"Action\":\"kms:Encrypt\","
                    + "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"kms:EncryptionContext:app\":\"shop\"}}}]}");
            kms.putKeyPolicy(r -> r.keyId(guarded).policy(withCarol));
            assertThat(kms.getKeyPolicy(r -> r.keyId(guarded)).policy()).isEqualTo(withCarol);
            carol.encrypt(r -> r.keyId(guarded).plaintext(text("c")).encryptionContext(Map.of("app", "shop")));
            fails(() -> carol.encrypt(r -> r.keyId(guarded).plaintext(text("c")).encryptionContext(Map.of("app", "blog"))),
                    "AccessDeniedException", null);

            // the lockout safety check, and malformed policies, change nothing
            String carolOnly = withCarol.replace("user/admin", "user/carol").replace("\"kms:*\"", "\"kms:Encrypt\"");
            fails(() -> kms.putKeyPolicy(r -> r.keyId(guarded).policy(carolOnly)), "MalformedPolicyDocumentException",
                    "The new key policy will not allow you to update the key policy in the future.");
            fails(() -> kms.putKeyPolicy(r -> r.keyId(guarded).policy("{\"Statement\":[{\"Effect\":\"Maybe\"}]}")),
                    "MalformedPolicyDocumentException", null);
            assertThat(kms.getKeyPolicy(r -> r.keyId(guarded)).policy()).isEqualTo(withCarol);
        }
    }

    @Test
    void keysAndCiphertextsSurviveARestartAndNoPlaintextIsAudited() throws Exception {
        KeyMetadata key = kms.createKey(r -> { }).keyMetadata();
        var dataKey = kms.generateDataKey(r -> r.keyId(key.keyId()).numberOfBytes(24));
        SdkBytes blob = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(text("top secret payload"))).ciphertextBlob();
        garrison = garrison.restart();
        kms.close();
        kms = kms(garrison.credentials());
        var lastUse = kms.getKeyLastUsage(r -> r.keyId(key.keyId()));
        assertThat(lastUse.keyLastUsage().operationAsString()).isEqualTo("Encrypt");
        assertThat(lastUse.keyCreationDate()).isEqualTo(key.creationDate());
        assertThat(kms.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String()).isEqualTo("top secret payload");
        assertThat(kms.decrypt(r -> r.ciphertextBlob(dataKey.ciphertextBlob())).plaintext()).isEqualTo(dataKey.plaintext());
        CloudTrailAuthSchemeProvider defaults = CloudTrailAuthSchemeProvider.defaultProvider();
        try (CloudTrailClient trail = CloudTrailClient.builder().endpointOverride(garrison.endpoint())
                .region(Region.US_EAST_1).credentialsProvider(garrison.credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .authSchemeProvider(p -> defaults.resolveAuthScheme(p).stream()
                        .map(o -> o.toBuilder().putSignerProperty(HttpSigner.SIGNING_CLOCK, CLOCK).build()).toList())
                .build()) {
            // the records of this key's uses (the shared clock stands still, so "the newest" is no order to rely on)
            String records = String.join("\n", trail.lookupEvents(r -> r.lookupAttributes(a -> a.attributeKey("ResourceName")
                    .attributeValue(key.arn()))).events().stream().map(e -> e.cloudTrailEvent()).toList());
            assertThat(trail.lookupEvents(r -> r.lookupAttributes(a -> a.attributeKey("ResourceName")
                    .attributeValue(key.arn()))).events()).extracting(e -> e.eventName())
                    .containsExactlyInAnyOrder("CreateKey", "Decrypt", "Decrypt", "Encrypt", "GenerateDataKey", "GetKeyLastUsage");
            assertThat(records).contains("\"eventSource\":\"kms.amazonaws.com\"").contains("GenerateDataKey")
                    .doesNotContain(Base64.getEncoder().encodeToString(dataKey.plaintext().asByteArray()))
                    .doesNotContain(Base64.getEncoder().encodeToString("top secret payload".getBytes(StandardCharsets.UTF_8)))
                    .doesNotContain("top secret payload");
        }
    }
}
