package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The AWS CLI on this machine against {@code garrison serve} started as its own process. */
class AwsCliEndToEndTest {
    static Process serve;
    static Path dataDir;
    static int port;
    static int listen;
    static Upstream app;
    static String output;

    @BeforeAll
    static void startServe() throws Exception {
        dataDir = Files.createTempDirectory("garrison-e2e");
        port = ServeProcess.freePort();
        listen = ServeProcess.freePort();
        app = new Upstream();
        serve = ServeProcess.start(dataDir, port, "--protect", app.url(), "--listen", Integer.toString(listen));
        output = Files.readString(dataDir.resolve("serve.out"));
    }

    @AfterAll
    static void stopServe() throws Exception {
        serve.destroy();
        assertThat(serve.waitFor(40, TimeUnit.SECONDS)).as("garrison serve stops on SIGTERM").isTrue();
        app.close();
    }

    private static String aws(String... args) throws Exception {
        return run(List.of("--profile", "garrison"), java.util.Map.of(), args);
    }

    /** The CLI signing with the given key instead of the admin profile. */
    private static String awsAs(String accessKeyId, String secretAccessKey, String... args) throws Exception {
        return run(List.of("--region", "us-east-1"), java.util.Map.of("AWS_ACCESS_KEY_ID", accessKeyId,
                "AWS_SECRET_ACCESS_KEY", secretAccessKey), args);
    }

    private static String run(List<String> options, java.util.Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws"));
        command.addAll(options);
        command.addAll(List.of("--endpoint-url", "http://127.0.0.1:" + port));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", dataDir.resolve("credentials").toString());
        builder.environment().put("AWS_CONFIG_FILE", dataDir.resolve("config").toString());
        builder.environment().putAll(env);
        Process p = builder.start();
        String text = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return "exit=" + p.exitValue() + "\n" + text;
    }

    @Test
    void serveTellsTheUserHowToConnect() {
        assertThat(output).contains("serving on http://127.0.0.1:" + port)
                .contains("export AWS_SHARED_CREDENTIALS_FILE=" + dataDir.toAbsolutePath().resolve("credentials"))
                .contains("aws --profile garrison --endpoint-url http://127.0.0.1:" + port);
    }

    @Test
    void getCallerIdentityWorksWithTheWrittenProfile() throws Exception {
        String result = aws("sts", "get-caller-identity", "--output", "text", "--query", "Arn");
        assertThat(result).startsWith("exit=0").containsPattern("arn:aws:iam::\\d{12}:user/admin");
    }

    @Test
    void validationAndNotImplementedErrorsReachTheCli() throws Exception {
        assertThat(aws("kms", "generate-random", "--number-of-bytes", "1025"))
                .doesNotStartWith("exit=0")
                .contains("(ValidationException)")
                .contains("Member must have value less than or equal to 1024");
        assertThat(aws("guardduty", "list-detectors")).contains("(NotImplementedException)");
        assertThat(aws("iam", "list-instance-profiles")).contains("(NotImplemented)");
    }

    @Test
    void aUserCreatedWithTheCliSignsWithItsOwnKeyAndIsDeniedWhatItWasNotGranted() throws Exception {
        assertThat(aws("iam", "create-user", "--user-name", "cli-user")).startsWith("exit=0")
                .contains("\"Arn\": \"arn:aws:iam::");
        String key = aws("iam", "create-access-key", "--user-name", "cli-user", "--query",
                "AccessKey.[AccessKeyId,SecretAccessKey]", "--output", "text");
        assertThat(key).startsWith("exit=0");
        String[] parts = key.lines().skip(1).findFirst().orElseThrow().split("\t");
        String identity = awsAs(parts[0], parts[1], "sts", "get-caller-identity", "--query", "Arn", "--output", "text");
        assertThat(identity).startsWith("exit=0").contains(":user/cli-user");
        assertThat(awsAs(parts[0], parts[1], "iam", "list-users")).doesNotStartWith("exit=0")
                .contains("(AccessDenied)").contains("is not authorized to perform: iam:ListUsers");
        assertThat(aws("iam", "list-access-keys", "--user-name", "cli-user")).contains(parts[0]).doesNotContain(parts[1]);
        String trail = aws("cloudtrail", "lookup-events", "--lookup-attributes",
                "AttributeKey=AccessKeyId,AttributeValue=" + parts[0], "--query", "Events[].EventName", "--output", "text");
        assertThat(trail).startsWith("exit=0").contains("GetCallerIdentity").contains("ListUsers").doesNotContain(parts[1]);
    }

    @Test
    void kmsThroughTheCli() throws Exception {
        String keyId = text(aws("kms", "create-key", "--description", "cli", "--query", "KeyMetadata.KeyId", "--output", "text"));
        Path secret = dataDir.resolve("secret.txt");
        Files.writeString(secret, "the cli secret");
        Path blob = dataDir.resolve("secret.enc");
        String ciphertext = text(aws("kms", "encrypt", "--key-id", keyId, "--plaintext", "fileb://" + secret,
                "--encryption-context", "purpose=e2e", "--query", "CiphertextBlob", "--output", "text"));
        Files.write(blob, java.util.Base64.getDecoder().decode(ciphertext));
        String plaintext = text(aws("kms", "decrypt", "--ciphertext-blob", "fileb://" + blob,
                "--encryption-context", "purpose=e2e", "--query", "Plaintext", "--output", "text"));
        assertThat(new String(java.util.Base64.getDecoder().decode(plaintext))).isEqualTo("the cli secret");
        assertThat(aws("kms", "decrypt", "--ciphertext-blob", "fileb://" + blob)).contains("(InvalidCiphertextException)");
        assertThat(aws("kms", "generate-data-key", "--key-id", keyId, "--key-spec", "AES_256"))
                .startsWith("exit=0").contains("\"CiphertextBlob\"").contains("\"Plaintext\"");

        String signing = text(aws("kms", "create-key", "--key-spec", "ECC_NIST_P256", "--key-usage", "SIGN_VERIFY",
                "--query", "KeyMetadata.KeyId", "--output", "text"));
        String signature = text(aws("kms", "sign", "--key-id", signing, "--message", "fileb://" + secret,
                "--signing-algorithm", "ECDSA_SHA_256", "--query", "Signature", "--output", "text"));
        Path signatureFile = dataDir.resolve("signature");
        Files.write(signatureFile, java.util.Base64.getDecoder().decode(signature));
        assertThat(aws("kms", "verify", "--key-id", signing, "--message", "fileb://" + secret, "--signature",
                "fileb://" + signatureFile, "--signing-algorithm", "ECDSA_SHA_256", "--query", "SignatureValid"))
                .startsWith("exit=0").contains("true");

        assertThat(aws("kms", "enable-key-rotation", "--key-id", keyId)).startsWith("exit=0");
        assertThat(aws("kms", "get-key-rotation-status", "--key-id", keyId, "--query", "KeyRotationEnabled"))
                .contains("true");
        assertThat(aws("kms", "schedule-key-deletion", "--key-id", keyId, "--pending-window-in-days", "7",
                "--query", "KeyState", "--output", "text")).startsWith("exit=0").contains("PendingDeletion");
        assertThat(aws("kms", "encrypt", "--key-id", keyId, "--plaintext", "fileb://" + secret))
                .contains("(KMSInvalidStateException)").contains("is pending deletion.");
    }

    @Test
    void wafThroughTheCliAndCurl() throws Exception {
        String ipSet = text(aws("wafv2", "create-ip-set", "--name", "blocked", "--scope", "REGIONAL",
                "--ip-address-version", "IPV4", "--addresses", "198.51.100.0/24", "--query", "Summary.ARN", "--output", "text"));
        Path rules = dataDir.resolve("rules.json");
        Files.writeString(rules, """
                [{"Name": "blocked-ips", "Priority": 0, "Action": {"Block": {}},
                  "Statement": {"IPSetReferenceStatement": {"ARN": "%s",
                    "IPSetForwardedIPConfig": {"HeaderName": "X-Client-IP", "Position": "FIRST", "FallbackBehavior": "NO_MATCH"}}},
                  "VisibilityConfig": {"SampledRequestsEnabled": true, "CloudWatchMetricsEnabled": true, "MetricName": "blocked-ips"}},
                 {"Name": "no-admin", "Priority": 1, "Action": {"Block": {}},
                  "Statement": {"ByteMatchStatement": {"FieldToMatch": {"UriPath": {}}, "PositionalConstraint": "STARTS_WITH",
                    "SearchString": "/admin", "TextTransformations": [{"Priority": 0, "Type": "LOWERCASE"}]}},
                  "VisibilityConfig": {"SampledRequestsEnabled": true, "CloudWatchMetricsEnabled": true, "MetricName": "no-admin"}}]
                """.formatted(ipSet));
        String acl = text(aws("wafv2", "create-web-acl", "--name", "cli-acl", "--scope", "REGIONAL", "--default-action",
                "Allow={}", "--rules", "file://" + rules, "--visibility-config",
                "SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName=cli-acl",
                "--query", "Summary.ARN", "--output", "text"));
        String balancer = text(aws("elbv2", "describe-load-balancers", "--names", "default", "--query",
                "LoadBalancers[0].LoadBalancerArn", "--output", "text"));
        assertThat(aws("wafv2", "associate-web-acl", "--web-acl-arn", acl, "--resource-arn", balancer)).startsWith("exit=0");

        String url = "http://127.0.0.1:" + listen;
        assertThat(curl(url + "/shop")).isEqualTo("200");
        assertThat(curl(url + "/ADMIN/users")).isEqualTo("403");
        assertThat(curl(url + "/shop", "-H", "X-Client-IP: 198.51.100.7")).isEqualTo("403");

        String sampled = aws("wafv2", "get-sampled-requests", "--web-acl-arn", acl, "--rule-metric-name", "no-admin",
                "--scope", "REGIONAL", "--max-items", "10", "--time-window",
                "StartTime=" + (System.currentTimeMillis() / 1000 - 600) + ",EndTime=" + (System.currentTimeMillis() / 1000 + 60));
        assertThat(sampled).startsWith("exit=0").contains("\"/ADMIN/users\"").contains("\"BLOCK\"");
        assertThat(aws("wafv2", "create-web-acl", "--name", "cli-acl", "--scope", "REGIONAL", "--default-action",
                "Allow={}", "--visibility-config", "SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName=x"))
                .contains("(WAFDuplicateItemException)");
    }

    /** The status curl gets for {@code url}. */
    private static String curl(String url, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}"));
        command.addAll(List.of(options));
        command.add(url);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String status = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return status;
    }

    /** The output of a successful command, without its exit line and trailing newline. */
    private static String text(String result) {
        assertThat(result).startsWith("exit=0");
        return result.lines().skip(1).findFirst().orElseThrow().strip();
    }

    @Test
    void credentialsFileIsPrivate() throws Exception {
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataDir.resolve("credentials")))).isEqualTo("rw-------");
    }

}
