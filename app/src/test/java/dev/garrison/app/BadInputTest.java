package dev.garrison.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input over raw HTTP: each gets an AWS-shaped 4xx, and the server keeps serving. */
class BadInputTest {
    private static final String JSON_11 = "application/x-amz-json-1.1";
    private static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";
    private static final String STS_CALL = "Action=GetCallerIdentity&Version=2011-06-15";
    private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern JSON_TYPE = Pattern.compile("\"__type\"\\s*:\\s*\"(?:[^\"#]*#)?([^\"]*)\"");

    static TestServer garrison;
    static RequestSigner signer;

    @BeforeAll
    static void boot() throws Exception {
        garrison = TestServer.start(Map.of("body-timeout-seconds", "1"));
        signer = new RequestSigner(garrison);
    }

    @AfterAll
    static void stop() {
        garrison.close();
    }

    @AfterEach
    void serverStillServes() throws IOException {
        try (RawClient client = new RawClient(garrison.server.port())) {
            RawClient.Answer health = client.send(RawClient.head("GET /_garrison/health HTTP/1.1",
                    List.of("Host: 127.0.0.1"))).read();
            assertThat(health.status()).isEqualTo(200);
        }
    }

    /** A signed request, then optional raw header lines added after signing. */
    record Case(String name, String service, String method, String path, Map<String, String> headers, byte[] body,
            List<String> extraLines, int status, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case kms(String name, String target, String contentType, byte[] body, int status, String code) {
        Map<String, String> headers = target == null ? Map.of("Content-Type", contentType)
                : Map.of("Content-Type", contentType, "X-Amz-Target", target);
        return new Case(name, "kms", "POST", "/", headers, body, List.of(), status, code);
    }

    static Case sts(String name, String form, int status, String code) {
        return new Case(name, "sts", "POST", "/", Map.of("Content-Type", FORM), form.getBytes(UTF_8), List.of(), status, code);
    }

    static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    static Stream<Case> cases() {
        String random = "TrentService.GenerateRandom";
        return Stream.of(
                kms("truncated JSON", random, JSON_11, bytes("{\"NumberOfBytes\":"), 400, "SerializationException"),
                kms("JSON array instead of object", random, JSON_11, bytes("[1]"), 400, "SerializationException"),
                kms("trailing garbage after JSON", random, JSON_11, bytes("{} {}"), 400, "SerializationException"),
                kms("duplicate JSON key", random, JSON_11, bytes("{\"NumberOfBytes\":1,\"NumberOfBytes\":2}"), 400,
                        "SerializationException"),
                kms("wrong member type", random, JSON_11, bytes("{\"NumberOfBytes\":\"many\"}"), 400, "SerializationException"),
                kms("invalid UTF-8 in JSON", "TrentService.DescribeKey", JSON_11,
                        new byte[] {'{', '"', 'K', 'e', 'y', 'I', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                        400, "SerializationException"),
                kms("nesting beyond the depth limit", random, JSON_11, bytes("[".repeat(5000)), 400, "SerializationException"),
                kms("out-of-range value", random, JSON_11, bytes("{\"NumberOfBytes\":1025}"), 400, "ValidationException"),
                kms("wrong content type", random, "text/plain", bytes("{}"), 415, "UnsupportedMediaTypeException"),
                kms("unknown operation", "TrentService.BrewCoffee", JSON_11, bytes("{}"), 400, "UnknownOperationException"),
                kms("unknown target prefix", "NoSuchService.Op", JSON_11, bytes("{}"), 400, "UnknownOperationException"),
                kms("missing X-Amz-Target", null, JSON_11, bytes("{}"), 400, "UnknownOperationException"),
                sts("malformed percent-encoding", STS_CALL + "&x=%zz", 400, "MalformedInput"),
                sts("invalid UTF-8 in the form", STS_CALL + "&x=%C3%28", 400, "MalformedInput"),
                sts("repeated parameter", STS_CALL + "&Action=GetCallerIdentity", 400, "MalformedInput"),
                sts("missing Action", "Version=2011-06-15", 400, "MissingAction"),
                sts("unknown Action", "Action=BrewCoffee&Version=2011-06-15", 400, "InvalidAction"),
                new Case("REST-JSON unknown path", "guardduty", "GET", "/no/such/path", Map.of(), new byte[0], List.of(),
                        400, "UnknownOperationException"),
                new Case("REST-JSON malformed body", "guardduty", "POST", "/detector",
                        Map.of("Content-Type", "application/json"), bytes("{\"enable\":"), List.of(), 400,
                        "SerializationException"),
                new Case("duplicated X-Amz-Target", "kms", "POST", "/",
                        Map.of("Content-Type", JSON_11, "X-Amz-Target", random), bytes("{}"),
                        List.of("X-Amz-Target: TrentService.ListKeys"), 400, "SerializationException"),
                new Case("duplicated Authorization", "sts", "POST", "/", Map.of("Content-Type", FORM), bytes(STS_CALL),
                        List.of("Authorization: AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261130/us-east-1/sts/aws4_request,"
                                + " SignedHeaders=host, Signature=00"), 400, "MalformedInput"),
                new Case("credential scoped to a service Garrison lacks", "s3", "POST", "/",
                        Map.of("Content-Type", JSON_11), bytes("{}"), List.of(), 400, "UnknownOperationException"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersAnAwsShapedClientError(Case c) throws IOException {
        List<String> lines = new ArrayList<>(signer.headerLines(c.service(), c.method(), c.path(), c.headers(), c.body()));
        lines.addAll(c.extraLines());
        RawClient.Answer answer = exchange(RawClient.head(c.method() + " " + c.path() + " HTTP/1.1", lines), c.body());
        assertThat(answer.status()).as(answer.body()).isEqualTo(c.status());
        assertThat(errorCode(answer)).as(answer.body()).isEqualTo(c.code());
        assertThat(answer.headers()).containsKey("x-amzn-requestid");
    }

    @Test
    void unsignedRequestIsMissingAuthentication() throws IOException {
        RawClient.Answer answer = exchange(RawClient.head("POST / HTTP/1.1", List.of("Host: 127.0.0.1",
                "Content-Type: " + JSON_11, "X-Amz-Target: TrentService.ListKeys", "Content-Length: 2")), bytes("{}"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(errorCode(answer)).isEqualTo("MissingAuthenticationTokenException");
    }

    @Test
    void duplicatedContentLengthIsRefused() throws IOException {
        RawClient.Answer answer = exchange(RawClient.head("POST / HTTP/1.1", List.of("Host: 127.0.0.1",
                "Content-Length: 2", "Content-Length: 3")), bytes("{}"));
        assertThat(answer.status()).isEqualTo(400);
    }

    @Test
    void declaredBodyOverTheLimitIsRefusedBeforeItIsRead() throws IOException {
        try (RawClient client = new RawClient(garrison.server.port())) {
            RawClient.Answer answer = client.send(RawClient.head("POST / HTTP/1.1", List.of("Host: 127.0.0.1",
                    "Content-Type: " + JSON_11, "X-Amz-Target: TrentService.ListKeys",
                    "Content-Length: " + (2 * 1024 * 1024)))).read();
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.headers()).containsEntry("x-amzn-errortype", "RequestEntityTooLargeException");
            assertThat(errorCode(answer)).isEqualTo("RequestEntityTooLargeException");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void chunkedBodyGrowingOverTheLimitIsCutOff() throws IOException {
        try (RawClient client = new RawClient(garrison.server.port())) {
            client.send(RawClient.head("POST / HTTP/1.1", List.of("Host: 127.0.0.1", "Content-Type: " + JSON_11,
                    "X-Amz-Target: TrentService.ListKeys", "Transfer-Encoding: chunked")));
            byte[] chunk = new byte[64 * 1024];
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.writeBytes((Integer.toHexString(chunk.length) + "\r\n").getBytes(UTF_8));
            frame.writeBytes(chunk);
            frame.writeBytes("\r\n".getBytes(UTF_8));
            try {
                for (int i = 0; i < 20; i++) {
                    client.send(frame.toByteArray());
                }
            } catch (IOException closedWhileSending) {
                // the server may close before every chunk is written; the answer is still readable
            }
            assertThat(client.read().status()).isEqualTo(413);
        }
    }

    @Test
    void bodyThatNeverArrivesIsAnsweredWithATimeout() throws IOException {
        try (RawClient client = new RawClient(garrison.server.port())) {
            long started = System.nanoTime();
            client.send(RawClient.head("POST / HTTP/1.1", List.of("Host: 127.0.0.1", "Content-Type: " + JSON_11,
                    "X-Amz-Target: TrentService.ListKeys", "Content-Length: 100")));
            client.send(bytes("{\"Li"));
            RawClient.Answer answer = client.read();
            assertThat(answer.status()).isEqualTo(408);
            assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(900_000_000L);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    private static RawClient.Answer exchange(byte[] head, byte[] body) throws IOException {
        try (RawClient client = new RawClient(garrison.server.port())) {
            return client.send(head).send(body).read();
        }
    }

    private static String errorCode(RawClient.Answer answer) {
        Matcher matcher = (answer.body().startsWith("{") ? JSON_TYPE : XML_CODE).matcher(answer.body());
        return matcher.find() ? matcher.group(1) : "(no error code in: " + answer.body() + ")";
    }
}
