package dev.garrison.app;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Signs arbitrary requests with the AWS SDK's own SigV4 signer, so malformed bodies still pass authentication. */
final class RequestSigner {
    private final AwsCredentialsIdentity identity;
    private final int port;

    RequestSigner(TestServer garrison) {
        this.identity = AwsCredentialsIdentity.create(garrison.server.admin().accessKeyId(), garrison.secret);
        this.port = garrison.server.port();
    }

    /** The signed request's header lines (Host included), for {@code service} in us-east-1. */
    List<String> headerLines(String service, String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                .uri(URI.create("http://127.0.0.1:" + port + pathAndQuery));
        headers.forEach(request::putHeader);
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(identity)
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"))
                .request();
        List<String> lines = new ArrayList<>();
        // Sorted, so a seeded mutation of "header number n" picks the same header on every run.
        new java.util.TreeMap<>(signed.headers()).forEach((name, values) -> values.forEach(value -> lines.add(name + ": " + value)));
        if (signed.headers().keySet().stream().noneMatch(name -> name.equalsIgnoreCase("host"))) {
            lines.add("Host: 127.0.0.1:" + port);
        }
        lines.add("Content-Length: " + body.length);
        return lines;
    }
}
