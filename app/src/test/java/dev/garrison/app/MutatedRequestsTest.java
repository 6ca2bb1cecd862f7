package dev.garrison.app;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A few thousand requests derived from valid ones by random mutation of the request line,
 * headers and body (re-signed half the time, so mutated bodies reach the parsers). None may
 * get a server error; the only 5xx allowed is 501 NotImplemented(Exception), the defined answer
 * to a valid call of an operation not implemented yet. The server must be healthy afterwards.
 */
class MutatedRequestsTest {
    private static final int REQUESTS = 3000;
    /** The JSON and Query spellings of the answer to a valid call of an operation not implemented yet. */
    private static final java.util.Set<String> NOT_IMPLEMENTED = java.util.Set.of("501 NotImplementedException", "501 NotImplemented");
    private static final long SEED = 20261130L;
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "BREW"};
    private static final String[] CONTENT_TYPES = {"application/x-amz-json-1.1", "application/x-amz-json-1.0",
        "application/json", "application/x-www-form-urlencoded", "text/xml", "multipart/form-data; boundary=x", "", "\u00ff"};
    private static final String[] FRAGMENTS = {"{", "}", "[", "]", "\"", ":", ",", "null", "true", "-1", "1e999",
        "99999999999999999999999", "\\u0000", "\\ud800", "%", "%zz", "%ff", "&", "=", "Action=", "<", "/>", "\u00e9", "\t"};

    private record Seed(String service, String method, String path, Map<String, String> headers, String body) {}

    private static final List<Seed> SEEDS = List.of(
            new Seed("sts", "POST", "/", Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                    "Action=GetCallerIdentity&Version=2011-06-15"),
            new Seed("kms", "POST", "/", Map.of("Content-Type", "application/x-amz-json-1.1",
                    "X-Amz-Target", "TrentService.GenerateRandom"), "{\"NumberOfBytes\":32}"),
            new Seed("kms", "POST", "/", Map.of("Content-Type", "application/x-amz-json-1.1",
                    "X-Amz-Target", "TrentService.Encrypt"),
                    "{\"KeyId\":\"alias/a\",\"Plaintext\":\"aGVsbG8=\",\"EncryptionContext\":{\"k\":\"v\"}}"),
            new Seed("guardduty", "POST", "/detector", Map.of("Content-Type", "application/json"),
                    "{\"enable\":true,\"findingPublishingFrequency\":\"SIX_HOURS\",\"tags\":{\"a\":\"b\"}}"),
            new Seed("guardduty", "GET", "/detector/abc/findings/filter?maxResults=5", Map.of(), ""),
            new Seed("iam", "POST", "/", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                    "Action=CreateUser&Version=2010-05-08&UserName=bob&Tags.member.1.Key=a&Tags.member.1.Value=b"));

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

    @Test
    void noMutatedRequestGetsAServerError() throws Exception {
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        List<String> serverErrors = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                long seed = SEED + i;
                sent.add(pool.submit(() -> {
                    byte[] request = mutated(new Random(seed));
                    String outcome = send(request);
                    outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                    if (outcome.startsWith("5") && !NOT_IMPLEMENTED.contains(outcome)) {
                        serverErrors.add("seed " + seed + ": " + outcome + "\n" + new String(request, ISO_8859_1));
                    }
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        }
        assertThat(serverErrors).isEmpty();
        assertThat(outcomes.keySet()).as("outcomes %s", outcomes)
                .contains("200 ", "400 SerializationException", "400 MalformedInput", "403 SignatureDoesNotMatch");
        try (RawClient client = new RawClient(garrison.server.port())) {
            assertThat(client.send(RawClient.head("GET /_garrison/health HTTP/1.1", List.of("Host: x"))).read().status())
                    .isEqualTo(200);
        }
    }

    private static String send(byte[] request) throws IOException {
        try (RawClient client = new RawClient(garrison.server.port())) {
            try {
                client.send(request);
            } catch (IOException refusedMidway) {
                // the server may answer and close before a long request is fully written
            }
            RawClient.Answer answer;
            try {
                boolean head = new String(request, 0, 5, ISO_8859_1).equals("HEAD ");
                answer = head ? client.readAnswerToHead() : client.read();
            } catch (IOException closed) {
                return "closed";
            }
            String code = answer.headers().getOrDefault("x-amzn-errortype", "").split(":")[0];
            return answer.status() + " " + code;
        }
    }

    private static byte[] mutated(Random random) {
        Seed seed = SEEDS.get(random.nextInt(SEEDS.size()));
        String method = seed.method();
        String path = seed.path();
        byte[] body = seed.body().getBytes(UTF_8);
        int mutations = 1 + random.nextInt(3);
        boolean headMutated = false;
        for (int m = 0; m < mutations; m++) {
            switch (random.nextInt(4)) {
                case 0 -> body = mutateBytes(random, body);
                case 1 -> body = spliceFragment(random, body);
                case 2 -> {
                    method = random.nextInt(3) == 0 ? METHODS[random.nextInt(METHODS.length)] : method;
                    path = mutatePath(random, path);
                    headMutated = true;
                }
                default -> headMutated = true;
            }
        }
        List<String> lines = random.nextBoolean() || headMutated
                ? signer.headerLines(seed.service(), seed.method(), seed.path(), seed.headers(), seed.body().getBytes(UTF_8))
                : signer.headerLines(seed.service(), method, path, seed.headers(), body);
        lines = new ArrayList<>(lines);
        String length = contentLength(random, body.length);
        lines.replaceAll(line -> line.startsWith("Content-Length:") ? "Content-Length: " + length : line);
        if (headMutated) {
            mutateHeaders(random, lines);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(RawClient.head(method + " " + path + " HTTP/1.1", lines));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static String contentLength(Random random, int actual) {
        return switch (random.nextInt(50)) {
            case 0 -> Integer.toString(Math.max(0, actual - 1 - random.nextInt(5)));
            case 1 -> "-" + actual;
            case 2 -> "abc";
            case 3 -> "99999999999999999999";
            default -> Integer.toString(actual);
        };
    }

    private static byte[] mutateBytes(Random random, byte[] body) {
        if (body.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        byte[] out = body.clone();
        return switch (random.nextInt(4)) {
            case 0 -> {
                out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                yield out;
            }
            case 1 -> java.util.Arrays.copyOf(out, random.nextInt(out.length));
            case 2 -> {
                out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
                yield out;
            }
            default -> {
                ByteArrayOutputStream repeated = new ByteArrayOutputStream();
                int times = 1 + random.nextInt(200);
                for (int i = 0; i < times; i++) {
                    repeated.writeBytes(body);
                }
                yield repeated.toByteArray();
            }
        };
    }

    private static byte[] spliceFragment(Random random, byte[] body) {
        String fragment = FRAGMENTS[random.nextInt(FRAGMENTS.length)].repeat(1 + (random.nextInt(10) == 0 ? 2000 : random.nextInt(3)));
        int at = body.length == 0 ? 0 : random.nextInt(body.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(body, 0, at);
        out.writeBytes(fragment.getBytes(UTF_8));
        out.write(body, at, body.length - at);
        return out.toByteArray();
    }

    private static String mutatePath(Random random, String path) {
        return switch (random.nextInt(6)) {
            case 0 -> path + FRAGMENTS[random.nextInt(FRAGMENTS.length)].replace(" ", "");
            case 1 -> path + "/" + "a".repeat(random.nextInt(3000));
            case 2 -> "/..%2f..%2f" + path;
            case 3 -> path + (path.contains("?") ? "&" : "?") + "x=%" + Integer.toHexString(random.nextInt(256));
            case 4 -> path.replace("detector", "detector/%00");
            default -> "/" + Integer.toString(random.nextInt(Integer.MAX_VALUE), 36) + "?Action=GetCallerIdentity";
        };
    }

    private static void mutateHeaders(Random random, List<String> lines) {
        int index = random.nextInt(lines.size());
        String line = lines.get(index);
        switch (random.nextInt(6)) {
            case 0 -> {
                if (!line.startsWith("Content-Length:")) {
                    lines.remove(index);
                }
            }
            case 1 -> lines.add(line);
            case 2 -> lines.set(index, line.substring(0, line.indexOf(':') + 1) + " " + junk(random));
            case 3 -> lines.add("Content-Type: " + CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)]);
            case 4 -> lines.add("X-Amz-Target: " + junk(random));
            default -> lines.add("X-" + Integer.toString(random.nextInt(1000), 36) + ": " + junk(random));
        }
    }

    /** Header-value text: printable and high bytes, never CR or LF, so framing survives. */
    private static String junk(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(10) == 0 ? 5000 : random.nextInt(40);
        for (int i = 0; i < length; i++) {
            int c = 0x20 + random.nextInt(0xE0);
            text.append((char) (c == 0x7F ? 'x' : c));
        }
        return text.toString();
    }
}
