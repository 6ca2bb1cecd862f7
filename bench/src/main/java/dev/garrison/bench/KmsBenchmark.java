package dev.garrison.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@code garrison bench kms}: Encrypt, Decrypt and GenerateDataKey (1 KiB, SYMMETRIC_DEFAULT)
 * and Sign (ECC_NIST_P256, RSA_2048) on Garrison with authorization and durable audit on, each
 * beside the platform's signed no-op call (GenerateRandom, the ceiling), measured in turns with
 * them, and beside the same call on moto's standalone server when one is given.
 */
public final class KmsBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BenchTarget garrison;
    private final @Nullable BenchTarget moto;
    private final ApiBenchmark.Settings settings;

    public KmsBenchmark(BenchTarget garrison, @Nullable BenchTarget moto, ApiBenchmark.Settings settings) {
        this.garrison = garrison;
        this.moto = moto;
        this.settings = settings;
    }

    /** The calls measured, made for one server: its own keys and ciphertext. */
    private record Calls(List<String> labels, Function<String, HttpCall> byLabel) {}

    public void run(PrintStream out) throws Exception {
        out.printf("garrison bench kms: KMS calls vs the signed no-op (GenerateRandom, the ceiling)%s%n",
                moto == null ? "; moto_server not found, so no moto column" : " and vs moto_server");
        out.printf("warm-up %d s, measured %d s per phase (Garrison's calls and the ceiling in %d alternating turns)%n%n",
                settings.warmup().toSeconds(), settings.measure().toSeconds(), Turns.COUNT);
        Calls garrisonCalls = calls(garrison);
        Calls motoCalls = moto == null ? null : calls(moto);
        try (LoadGenerator load = new LoadGenerator(2)) {
            load.warm(garrison.host(), garrison.port(), garrisonCalls.labels().stream().map(garrisonCalls.byLabel()).toList(),
                    settings.connections().getFirst(), settings.warmup());
            for (int connections : settings.connections()) {
                String host = garrison.host();
                int port = garrison.port();
                List<LoadGenerator.Side> sides = new ArrayList<>();
                sides.add(new LoadGenerator.Side(host, port, () -> SignedCalls.generateRandom(garrison, "ceiling")));
                for (String label : garrisonCalls.labels()) {
                    sides.add(new LoadGenerator.Side(host, port, () -> garrisonCalls.byLabel().apply(label)));
                }
                List<LoadResult> measured = load.runInTurns(sides, connections, settings.warmup(), settings.measure());
                LoadResult ceiling = measured.getFirst();
                List<LoadResult[]> rows = new ArrayList<>();
                for (int i = 0; i < garrisonCalls.labels().size(); i++) {
                    LoadResult theirs = motoCalls == null ? null : load.run(moto.host(), moto.port(),
                            motoCalls.byLabel().apply(garrisonCalls.labels().get(i)), connections, settings.warmup(),
                            settings.measure());
                    rows.add(new LoadResult[] {measured.get(i + 1), theirs});
                }
                out.printf("%d connections; ceiling %.0f req/s p99 %.2f ms (%s)%n", connections, ceiling.requestsPerSecond(),
                        ceiling.p99Millis(), ceiling.statusSummary());
                out.printf("%-22s | %10s %8s %8s | %10s %8s | %8s%n", "call", "garrison/s", "p99 ms", "/ceiling",
                        "moto/s", "p99 ms", "/moto");
                for (int i = 0; i < rows.size(); i++) {
                    LoadResult ours = rows.get(i)[0];
                    LoadResult theirs = rows.get(i)[1];
                    out.printf("%-22s | %10.0f %8.2f %7.0f%% | %10s %8s | %8s%n", garrisonCalls.labels().get(i),
                            ours.requestsPerSecond(), ours.p99Millis(),
                            100 * ours.requestsPerSecond() / ceiling.requestsPerSecond(),
                            theirs == null ? "-" : String.format("%.0f", theirs.requestsPerSecond()),
                            theirs == null ? "-" : String.format("%.2f", theirs.p99Millis()),
                            theirs == null ? "-" : String.format("%.1fx", ours.requestsPerSecond() / theirs.requestsPerSecond()));
                    out.printf("%-22s |   answers: garrison %s (%d failed)%s%n", "", ours.statusSummary(), ours.failures(),
                            theirs == null ? "" : "; moto " + theirs.statusSummary() + " (" + theirs.failures() + " failed)");
                }
                out.println();
            }
        }
    }

    /** Creates the keys and the ciphertext the calls use on {@code target}. */
    private static Calls calls(BenchTarget target) throws Exception {
        String symmetric = createKey(target, "{}");
        String p256 = createKey(target, "{\"KeySpec\":\"ECC_NIST_P256\",\"KeyUsage\":\"SIGN_VERIFY\"}");
        String rsa = createKey(target, "{\"KeySpec\":\"RSA_2048\",\"KeyUsage\":\"SIGN_VERIFY\"}");
        String plaintext = Base64.getEncoder().encodeToString(new byte[1024]);
        String ciphertext = send(target, "Encrypt", "{\"KeyId\":\"" + symmetric + "\",\"Plaintext\":\"" + plaintext + "\"}")
                .get("CiphertextBlob").asText();
        String message = Base64.getEncoder().encodeToString("garrison bench kms".getBytes(UTF_8));
        Map<String, String[]> bodies = new java.util.LinkedHashMap<>();
        bodies.put("Encrypt 1 KiB", new String[] {"Encrypt",
                "{\"KeyId\":\"" + symmetric + "\",\"Plaintext\":\"" + plaintext + "\"}"});
        bodies.put("Decrypt 1 KiB", new String[] {"Decrypt", "{\"CiphertextBlob\":\"" + ciphertext + "\"}"});
        bodies.put("GenerateDataKey", new String[] {"GenerateDataKey",
                "{\"KeyId\":\"" + symmetric + "\",\"KeySpec\":\"AES_256\"}"});
        bodies.put("Sign ECC_NIST_P256", new String[] {"Sign", "{\"KeyId\":\"" + p256 + "\",\"Message\":\"" + message
                + "\",\"SigningAlgorithm\":\"ECDSA_SHA_256\"}"});
        bodies.put("Sign RSA_2048", new String[] {"Sign", "{\"KeyId\":\"" + rsa + "\",\"Message\":\"" + message
                + "\",\"SigningAlgorithm\":\"RSASSA_PSS_SHA_256\"}"});
        return new Calls(new ArrayList<>(bodies.keySet()),
                label -> SignedCalls.kms(target, label, bodies.get(label)[0], bodies.get(label)[1].getBytes(UTF_8)));
    }

    private static String createKey(BenchTarget target, String body) throws Exception {
        return send(target, "CreateKey", body).get("KeyMetadata").get("KeyId").asText();
    }

    private static JsonNode send(BenchTarget target, String operation, String body) throws Exception {
        HttpCall call = SignedCalls.kms(target, operation, operation, body.getBytes(UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + target.host() + ":" + target.port() + "/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.body()));
        call.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(operation + " on " + target + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return (ObjectNode) JSON.readTree(response.body());
    }
}
