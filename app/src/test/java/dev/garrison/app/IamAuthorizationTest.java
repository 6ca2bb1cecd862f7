package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.sts.StsClient;

/** IAM through the AWS SDK: users, keys and policies, and the front door enforcing them on every call. */
class IamAuthorizationTest {
    private static final String ALLOW_LIST_USERS = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}]}""";
    private static final String DENY_LIST_USERS = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:List*","Resource":"*"}]}""";

    static TestServer garrison;
    static IamClient admin;

    @BeforeAll
    static void boot() throws Exception {
        garrison = TestServer.start();
        admin = iam(garrison.credentials());
    }

    @AfterAll
    static void stop() {
        admin.close();
        garrison.close();
    }

    static IamClient iam(AwsCredentialsProvider credentials) {
        return IamClient.builder().endpointOverride(garrison.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    static StaticCredentialsProvider keyOf(String userName) {
        AccessKey key = admin.createAccessKey(r -> r.userName(userName)).accessKey();
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
    }

    @Test
    void aUserIsDeniedThenGrantedByAnAttachedPolicyThenDeniedByAnExplicitDeny() {
        admin.createUser(r -> r.userName("bob"));
        try (IamClient bob = iam(keyOf("bob"))) {
            assertThatThrownBy(bob::listUsers).isInstanceOfSatisfying(AwsServiceException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::123456789012:user/bob is not"
                        + " authorized to perform: iam:ListUsers on resource: * because no identity-based policy allows"
                        + " the iam:ListUsers action");
            });

            String policyArn = admin.createPolicy(r -> r.policyName("ListUsers").policyDocument(ALLOW_LIST_USERS))
                    .policy().arn();
            admin.attachUserPolicy(r -> r.userName("bob").policyArn(policyArn));
            assertThat(bob.listUsers().users()).extracting(u -> u.userName()).contains("admin", "bob");

            admin.putUserPolicy(r -> r.userName("bob").policyName("NoListing").policyDocument(DENY_LIST_USERS));
            assertThatThrownBy(bob::listUsers).isInstanceOfSatisfying(AwsServiceException.class,
                    e -> assertThat(e.awsErrorDetails().errorMessage()).endsWith(
                            "with an explicit deny in an identity-based policy"));

            admin.deleteUserPolicy(r -> r.userName("bob").policyName("NoListing"));
            admin.detachUserPolicy(r -> r.userName("bob").policyArn(policyArn));
            assertThatThrownBy(bob::listUsers).isInstanceOf(AwsServiceException.class);
        }
    }

    @Test
    void groupMembersTakeOnTheGroupsPoliciesUntilRemoved() {
        admin.createUser(r -> r.userName("frank"));
        admin.createGroup(r -> r.groupName("Auditors").path("/audit/"));
        admin.putGroupPolicy(r -> r.groupName("Auditors").policyName("ListUsers").policyDocument(ALLOW_LIST_USERS));
        try (IamClient frank = iam(keyOf("frank"))) {
            assertThatThrownBy(frank::listUsers).isInstanceOf(AwsServiceException.class);
            admin.addUserToGroup(r -> r.groupName("Auditors").userName("frank"));
            assertThat(frank.listUsers().users()).extracting(u -> u.userName()).contains("frank");
            assertThat(admin.getGroup(r -> r.groupName("auditors")).users()).extracting(u -> u.userName())
                    .containsExactly("frank");
            assertThat(admin.listGroupsForUser(r -> r.userName("frank")).groups()).singleElement()
                    .satisfies(g -> assertThat(g.arn()).isEqualTo("arn:aws:iam::123456789012:group/audit/Auditors"));
            assertThatThrownBy(() -> admin.deleteGroup(r -> r.groupName("Auditors")))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Cannot delete entity, must remove users from group first."));
            admin.removeUserFromGroup(r -> r.groupName("Auditors").userName("frank"));
            assertThatThrownBy(frank::listUsers).isInstanceOf(AwsServiceException.class);
        }
        admin.deleteGroupPolicy(r -> r.groupName("Auditors").policyName("ListUsers"));
        admin.deleteGroup(r -> r.groupName("Auditors"));
        assertThat(admin.listGroups().groups()).noneMatch(g -> g.groupName().equals("Auditors"));
    }

    @Test
    void accountAuthorizationDetailsListEveryEntityWithItsPolicies() {
        admin.createUser(r -> r.userName("gina"));
        admin.createGroup(r -> r.groupName("Readers"));
        admin.addUserToGroup(r -> r.groupName("Readers").userName("gina"));
        admin.putUserPolicy(r -> r.userName("gina").policyName("Own").policyDocument(ALLOW_LIST_USERS));
        String arn = admin.createPolicy(r -> r.policyName("DetailsPolicy").policyDocument(DENY_LIST_USERS)).policy().arn();
        admin.attachGroupPolicy(r -> r.groupName("Readers").policyArn(arn));

        var details = admin.getAccountAuthorizationDetails();
        assertThat(details.userDetailList()).filteredOn(u -> u.userName().equals("gina")).singleElement().satisfies(u -> {
            assertThat(u.groupList()).containsExactly("Readers");
            assertThat(u.userPolicyList()).singleElement().satisfies(p -> assertThat(
                    URLDecoder.decode(p.policyDocument(), StandardCharsets.UTF_8)).isEqualTo(ALLOW_LIST_USERS));
        });
        assertThat(details.groupDetailList()).filteredOn(g -> g.groupName().equals("Readers")).singleElement()
                .satisfies(g -> assertThat(g.attachedManagedPolicies()).extracting(p -> p.policyArn()).containsExactly(arn));
        assertThat(details.policies()).filteredOn(p -> p.arn().equals(arn)).singleElement()
                .satisfies(p -> assertThat(p.attachmentCount()).isEqualTo(1));
        var onlyUsers = admin.getAccountAuthorizationDetails(r -> r.filterWithStrings("User").maxItems(1));
        assertThat(onlyUsers.userDetailList()).hasSize(1);
        assertThat(onlyUsers.groupDetailList()).isEmpty();
        assertThat(onlyUsers.isTruncated()).isTrue();

        admin.detachGroupPolicy(r -> r.groupName("Readers").policyArn(arn));
        admin.removeUserFromGroup(r -> r.groupName("Readers").userName("gina"));
    }

    @Test
    void anAccessKeysLastUseIsKept() {
        admin.createUser(r -> r.userName("hank"));
        AccessKey key = admin.createAccessKey(r -> r.userName("hank")).accessKey();
        var never = admin.getAccessKeyLastUsed(r -> r.accessKeyId(key.accessKeyId()));
        assertThat(never.userName()).isEqualTo("hank");
        assertThat(never.accessKeyLastUsed().serviceName()).isEqualTo("N/A");
        assertThat(never.accessKeyLastUsed().lastUsedDate()).isNull();
        try (StsClient sts = StsClient.builder().endpointOverride(garrison.endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(),
                        key.secretAccessKey()))).httpClient(UrlConnectionHttpClient.create()).build()) {
            sts.getCallerIdentity();
        }
        var used = admin.getAccessKeyLastUsed(r -> r.accessKeyId(key.accessKeyId())).accessKeyLastUsed();
        assertThat(used.serviceName()).isEqualTo("sts");
        assertThat(used.region()).isEqualTo("eu-west-1");
        assertThat(used.lastUsedDate()).isNotNull();
        assertThatThrownBy(() -> admin.getAccessKeyLastUsed(r -> r.accessKeyId("AKIANOSUCHKEY0000000")))
                .isInstanceOfSatisfying(AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchEntity"));
    }

    @Test
    void tagsFeedResourcePrincipalAndRequestConditions() {
        admin.createUser(r -> r.userName("ivan").tags(t -> t.key("team").value("red")));
        admin.createUser(r -> r.userName("red-user").tags(t -> t.key("Team").value("red")));
        admin.createUser(r -> r.userName("blue-user"));
        admin.tagUser(r -> r.userName("blue-user").tags(t -> t.key("team").value("blue")));
        admin.putUserPolicy(r -> r.userName("ivan").policyName("SameTeam").policyDocument("""
                {"Version":"2012-10-17","Statement":[
                 {"Effect":"Allow","Action":"iam:GetUser","Resource":"*",
                  "Condition":{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}},
                 {"Effect":"Allow","Action":"iam:TagUser","Resource":"*",
                  "Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["team"]}}}]}"""));
        try (IamClient ivan = iam(keyOf("ivan"))) {
            assertThat(ivan.getUser(r -> r.userName("red-user")).user().userName()).isEqualTo("red-user");
            assertThatThrownBy(() -> ivan.getUser(r -> r.userName("blue-user"))).isInstanceOf(AwsServiceException.class);
            ivan.tagUser(r -> r.userName("blue-user").tags(t -> t.key("team").value("red")));
            assertThat(ivan.getUser(r -> r.userName("blue-user")).user().userName()).isEqualTo("blue-user");
            assertThatThrownBy(() -> ivan.tagUser(r -> r.userName("blue-user").tags(t -> t.key("cost").value("1"))))
                    .isInstanceOfSatisfying(AwsServiceException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
        }
        assertThat(admin.listUserTags(r -> r.userName("red-user")).tags()).extracting(t -> t.key() + "=" + t.value())
                .containsExactly("Team=red");
        assertThatThrownBy(() -> admin.tagUser(r -> r.userName("red-user").tags(t -> t.key("aws:owner").value("x"))))
                .isInstanceOfSatisfying(AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInput"));
        assertThatThrownBy(() -> admin.tagUser(r -> r.userName("red-user").tags(t -> t.key("a").value("1"),
                t -> t.key("A").value("2")))).isInstanceOfSatisfying(AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).startsWith("Duplicate tag keys found."));
        admin.untagUser(r -> r.userName("red-user").tagKeys("team"));
        assertThat(admin.listUserTags(r -> r.userName("red-user")).tags()).isEmpty();
    }

    @Test
    void managedPoliciesCarryTagsThatConditionsRead() {
        String red = admin.createPolicy(r -> r.policyName("RedPolicy").policyDocument(ALLOW_LIST_USERS)
                .tags(t -> t.key("team").value("red"))).policy().arn();
        String blue = admin.createPolicy(r -> r.policyName("BluePolicy").policyDocument(ALLOW_LIST_USERS)).policy().arn();
        admin.tagPolicy(r -> r.policyArn(blue).tags(t -> t.key("team").value("blue")));
        assertThat(admin.listPolicyTags(r -> r.policyArn(red)).tags()).extracting(t -> t.value()).containsExactly("red");
        admin.createUser(r -> r.userName("judy"));
        admin.putUserPolicy(r -> r.userName("judy").policyName("RedOnly").policyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetPolicy","Resource":"*",
                 "Condition":{"StringEquals":{"aws:ResourceTag/team":"red"}}}]}"""));
        try (IamClient judy = iam(keyOf("judy"))) {
            assertThat(judy.getPolicy(r -> r.policyArn(red)).policy().policyName()).isEqualTo("RedPolicy");
            assertThatThrownBy(() -> judy.getPolicy(r -> r.policyArn(blue))).isInstanceOf(AwsServiceException.class);
        }
        admin.untagPolicy(r -> r.policyArn(blue).tagKeys("team"));
        assertThat(admin.listPolicyTags(r -> r.policyArn(blue)).tags()).isEmpty();
        admin.deletePolicy(r -> r.policyArn(red));
        admin.deletePolicy(r -> r.policyArn(blue));
    }

    @Test
    void getCallerIdentityNeedsNoPermission() {
        admin.createUser(r -> r.userName("carol"));
        try (StsClient sts = StsClient.builder().endpointOverride(garrison.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(keyOf("carol")).httpClient(UrlConnectionHttpClient.create()).build()) {
            assertThat(sts.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::123456789012:user/carol");
        }
    }

    @Test
    void aDeactivatedKeyIsRefusedAndADeletedUserNeedsItsKeysGoneFirst() {
        admin.createUser(r -> r.userName("dave").path("/team/"));
        AccessKey key = admin.createAccessKey(r -> r.userName("dave")).accessKey();
        assertThat(admin.getUser(r -> r.userName("dave")).user().arn()).isEqualTo("arn:aws:iam::123456789012:user/team/dave");
        admin.updateAccessKey(r -> r.userName("dave").accessKeyId(key.accessKeyId()).status(StatusType.INACTIVE));
        assertThat(admin.listAccessKeys(r -> r.userName("dave")).accessKeyMetadata())
                .singleElement().satisfies(k -> assertThat(k.status()).isEqualTo(StatusType.INACTIVE));
        try (IamClient dave = iam(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())))) {
            assertThatThrownBy(dave::getUser).isInstanceOfSatisfying(AwsServiceException.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
        }
        assertThatThrownBy(() -> admin.deleteUser(r -> r.userName("dave"))).isInstanceOfSatisfying(AwsServiceException.class,
                e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DeleteConflict");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Cannot delete entity, must delete access keys first.");
                });
        admin.deleteAccessKey(r -> r.userName("dave").accessKeyId(key.accessKeyId()));
        admin.deleteUser(r -> r.userName("dave"));
        assertThatThrownBy(() -> admin.getUser(r -> r.userName("dave"))).isInstanceOfSatisfying(AwsServiceException.class,
                e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The user with name dave cannot be found.");
                });
    }

    @Test
    void namesAreUniqueWithoutRegardToCaseAndAUserHasAtMostTwoKeys() {
        admin.createUser(r -> r.userName("Erin"));
        assertThatThrownBy(() -> admin.createUser(r -> r.userName("erin"))).isInstanceOfSatisfying(AwsServiceException.class,
                e -> {
                    assertThat(e.statusCode()).isEqualTo(409);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("EntityAlreadyExists");
                });
        admin.createAccessKey(r -> r.userName("erin"));
        admin.createAccessKey(r -> r.userName("ERIN"));
        assertThatThrownBy(() -> admin.createAccessKey(r -> r.userName("Erin"))).isInstanceOfSatisfying(
                AwsServiceException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Cannot exceed quota for AccessKeysPerUser: 2"));
    }

    @Test
    void malformedAndOversizedPoliciesAreRefusedAndNothingIsStored() {
        int before = admin.listPolicies().policies().size();
        assertThatThrownBy(() -> admin.createPolicy(r -> r.policyName("Broken").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\","
                        + "\"Resource\":\"*\",\"Condition\":{\"StringEqualz\":{\"a:b\":\"c\"}}}]}")))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MalformedPolicyDocument");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Invalid Condition type : StringEqualz");
                });
        String huge = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":["
                + "\"arn:aws:kms:us-east-1:123456789012:key/x\",".repeat(200) + "\"*\"]}]}";
        assertThatThrownBy(() -> admin.createPolicy(r -> r.policyName("Huge").policyDocument(huge)))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("LimitExceeded");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Cannot exceed quota for PolicySize: 6144");
                });
        assertThat(admin.listPolicies().policies()).hasSize(before);
    }

    @Test
    void policyVersionsKeepADefaultAndDocumentsComeBackUrlEncoded() {
        String arn = admin.createPolicy(r -> r.policyName("Versioned").path("/app/").policyDocument(ALLOW_LIST_USERS))
                .policy().arn();
        assertThat(arn).isEqualTo("arn:aws:iam::123456789012:policy/app/Versioned");
        admin.createPolicyVersion(r -> r.policyArn(arn).policyDocument(DENY_LIST_USERS).setAsDefault(true));
        assertThat(admin.getPolicy(r -> r.policyArn(arn)).policy().defaultVersionId()).isEqualTo("v2");
        assertThat(admin.listPolicyVersions(r -> r.policyArn(arn)).versions()).extracting(v -> v.versionId())
                .containsExactly("v2", "v1");
        String document = admin.getPolicyVersion(r -> r.policyArn(arn).versionId("v1")).policyVersion().document();
        assertThat(URLDecoder.decode(document, StandardCharsets.UTF_8)).isEqualTo(ALLOW_LIST_USERS);
        assertThatThrownBy(() -> admin.deletePolicyVersion(r -> r.policyArn(arn).versionId("v2")))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Cannot delete the default version of a policy."));
        admin.deletePolicyVersion(r -> r.policyArn(arn).versionId("v1"));
        admin.deletePolicy(r -> r.policyArn(arn));
        assertThatThrownBy(() -> admin.getPolicy(r -> r.policyArn(arn))).isInstanceOfSatisfying(AwsServiceException.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchEntity"));
    }

    @Test
    void listingsPageWithMarkers() {
        for (int i = 0; i < 5; i++) {
            String name = "pager" + i;
            admin.createUser(r -> r.userName(name).path("/pagers/"));
        }
        var first = admin.listUsers(r -> r.pathPrefix("/pagers/").maxItems(2));
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.users()).extracting(u -> u.userName()).containsExactly("pager0", "pager1");
        var second = admin.listUsers(r -> r.pathPrefix("/pagers/").maxItems(2).marker(first.marker()));
        assertThat(second.users()).extracting(u -> u.userName()).containsExactly("pager2", "pager3");
        var last = admin.listUsers(r -> r.pathPrefix("/pagers/").maxItems(2).marker(second.marker()));
        assertThat(last.users()).extracting(u -> u.userName()).containsExactly("pager4");
        assertThat(last.isTruncated()).isFalse();
    }
}
