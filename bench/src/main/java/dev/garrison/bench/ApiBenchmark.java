package dev.garrison.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * {@code garrison bench api}: a SigV4-signed JSON 1.1 call that does nothing beside
 * authentication, routing and validation, side by side with {@code GET /_garrison/health} on
 * the same server, at each connection count. Phases alternate so drift hits both alike.
 */
public final class ApiBenchmark {
    private static final String TARGET = "TrentService.GenerateRandom";
    private static final byte[] BODY = "{\"NumberOfBytes\":32}".getBytes(UTF_8);

    /** Where the server listens and the access key that signs the call. */
    public record Target(String host, int port, String region, String accessKeyId, String secretAccessKey) {
        @Override
        public String toString() {
            return "Target[" + host + ":" + port + ", " + region + ", " + accessKeyId + "]";
        }
    }

    /** How long and how wide to run. */
    public record Settings(List<Integer> connections, Duration warmup, Duration measure) {
        public Settings {
            connections = List.copyOf(connections);
        }
    }

    private final Target target;
    private final Settings settings;

    public ApiBenchmark(Target target, Settings settings) {
        this.target = target;
        this.settings = settings;
    }

    /** Runs every phase and prints one row per connection count. */
    public void run(PrintStream out) throws Exception {
        out.printf("garrison bench api: signed JSON 1.1 %s (SigV4, routing, validation) vs GET /_garrison/health%n", TARGET);
        out.printf("warm-up %d s, measured %d s per phase%n%n", settings.warmup().toSeconds(), settings.measure().toSeconds());
        out.printf("%5s | %10s %8s %8s | %10s %8s %8s | %s%n",
                "conns", "health/s", "p50 ms", "p99 ms", "signed/s", "p50 ms", "p99 ms", "signed/health");
        try (LoadGenerator load = new LoadGenerator(2)) {
            for (int connections : settings.connections()) {
                LoadResult health = load.run(target.host(), target.port(), health(), connections,
                        settings.warmup(), settings.measure());
                LoadResult signed = load.run(target.host(), target.port(), signed(), connections,
                        settings.warmup(), settings.measure());
                out.printf("%5d | %10.0f %8.2f %8.2f | %10.0f %8.2f %8.2f | %.0f%%%n", connections,
                        health.requestsPerSecond(), health.p50Millis(), health.p99Millis(),
                        signed.requestsPerSecond(), signed.p50Millis(), signed.p99Millis(),
                        100 * signed.requestsPerSecond() / health.requestsPerSecond());
                out.printf("      | answers: health %s (%d failed); signed %s (%d failed)%n",
                        health.statusSummary(), health.failures(), signed.statusSummary(), signed.failures());
            }
        }
    }

    private HttpCall health() {
        return new HttpCall("health", "GET", "/_garrison/health", Map.of(), new byte[0]);
    }

    /** Signed afresh for each phase: the signature's date must stay inside the server's 5-minute skew. */
    private HttpCall signed() {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create("http://" + target.host() + ":" + target.port() + "/"))
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", TARGET)
                .build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(target.accessKeyId(), target.secretAccessKey()))
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(BODY))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms")
                .putProperty(AwsV4HttpSigner.REGION_NAME, target.region()))
                .request();
        return new HttpCall("signed", "POST", "/", signed.headers(), BODY);
    }
}
