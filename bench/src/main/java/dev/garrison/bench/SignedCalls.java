package dev.garrison.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** The calls benchmarks repeat, signed by the AWS SDK's own SigV4 signer. */
final class SignedCalls {
    static final String TARGET = "TrentService.GenerateRandom";
    private static final byte[] BODY = "{\"NumberOfBytes\":32}".getBytes(UTF_8);

    private SignedCalls() {}

    static HttpCall health() {
        return new HttpCall("health", "GET", "/_garrison/health", java.util.Map.of(), new byte[0]);
    }

    /**
     * A JSON 1.1 KMS GenerateRandom, signed now: sign afresh for each phase, as the signature's
     * date must stay inside the server's 5-minute skew.
     */
    static HttpCall generateRandom(BenchTarget target, String label) {
        return kms(target, label, "GenerateRandom", BODY);
    }

    /** A JSON 1.1 KMS call of {@code operation} with {@code body}, signed now. */
    static HttpCall kms(BenchTarget target, String label, String operation, byte[] body) {
        return json(target, label, "kms", "TrentService." + operation, body);
    }

    /** A JSON 1.1 call with the {@code X-Amz-Target} {@code target}, signed now for {@code service}. */
    static HttpCall json(BenchTarget target, String label, String service, String amzTarget, byte[] body) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create("http://" + target.host() + ":" + target.port() + "/"))
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", amzTarget)
                .build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(target.accessKeyId(), target.secretAccessKey()))
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, target.region()))
                .request();
        return new HttpCall(label, "POST", "/", signed.headers(), body);
    }
}
