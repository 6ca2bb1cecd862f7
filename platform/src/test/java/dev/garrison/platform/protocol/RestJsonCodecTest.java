package dev.garrison.platform.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.garrison.platform.core.AwsException;
import dev.garrison.platform.core.Fault;
import dev.garrison.platform.model.ServiceModel;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** REST-JSON bindings against a small test model: URI labels, query strings, headers, payloads and status codes. */
class RestJsonCodecTest {
    private static final ServiceModel MODEL = ServiceModel.load("restsample", RestJsonCodecTest.class.getClassLoader());
    private final ProtocolCodec codec = Codecs.of(MODEL);

    private static ApiRequest request(String method, String target, Map<String, String> headers, String body) {
        int q = target.indexOf('?');
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), List.of(v)));
        return new ApiRequest(method, q < 0 ? target : target.substring(0, q), q < 0 ? "" : target.substring(q + 1),
                lower, body.getBytes(UTF_8), "127.0.0.1", false);
    }

    private Map<String, Object> decode(ApiRequest request) {
        return codec.decode(request, codec.operation(request));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "GET, /things, ListThings",
        "GET, /things/special, ListSpecial",
        "GET, /things/t-1, GetThing",
        "DELETE, /things/t-1, DeleteThing",
        "POST, /things, CreateThing",
        "GET, /things/t-1/parts/a, GetPart",
        "GET, /things/t-1/parts/a/b/c.txt, GetPart",
    })
    void routesByMethodAndTheMostLiteralTemplate(String method, String path, String operation) {
        assertThat(codec.operation(request(method, path, Map.of(), "")).name()).isEqualTo(operation);
    }

    @Test
    void unknownPathAndWrongMethodAreUnknownOperations() {
        assertThatThrownBy(() -> codec.operation(request("GET", "/nothing/here", Map.of(), "")))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("UnknownOperationException");
                    assertThat(e.getMessage()).isEqualTo("No operation of restsample matches GET /nothing/here.");
                });
        assertThatThrownBy(() -> codec.operation(request("PUT", "/things/t-1", Map.of(), "")))
                .isInstanceOfSatisfying(AwsException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("Method PUT is not allowed on /things/t-1."));
    }

    @Test
    void labelsArePercentDecodedAndGreedyLabelsKeepTheirSlashes() {
        assertThat(decode(request("GET", "/things/a%20b%2Fc/parts/dir/sub%20dir/file+1.txt", Map.of(), "")))
                .containsEntry("ThingId", "a b/c")
                .containsEntry("PartPath", "dir/sub dir/file+1.txt");
    }

    @Test
    void queryStringsBindScalarsListsAndBooleans() {
        assertThat(decode(request("GET", "/things?maxResults=5&nextToken=a%2Bb%3D&kind=x&kind=y%20z&deep=true", Map.of(), "")))
                .containsEntry("MaxResults", 5)
                .containsEntry("NextToken", "a+b=")
                .containsEntry("Kinds", List.of("x", "y z"))
                .containsEntry("Deep", true);
    }

    @Test
    void queryValueOfTheWrongTypeIsASerializationError() {
        assertThatThrownBy(() -> decode(request("GET", "/things?maxResults=many", Map.of(), "")))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("SerializationException");
                    assertThat(e.getMessage()).isEqualTo("Value 'many' at 'maxResults' is not a valid integer.");
                });
    }

    @Test
    void headersBindTimestampsIntegersAndPrefixedMaps() {
        Map<String, Object> tree = decode(request("GET", "/things/t-1", Map.of(
                "If-Modified-Since", "Mon, 30 Nov 2026 06:00:00 GMT",
                "x-version", "7",
                "x-meta-color", "blue",
                "x-meta-size", "L"), ""));
        assertThat(tree).containsEntry("ThingId", "t-1")
                .containsEntry("IfModifiedSince", Instant.parse("2026-11-30T06:00:00Z"))
                .containsEntry("Version", 7)
                .containsEntry("Meta", Map.of("color", "blue", "size", "L"));
    }

    @Test
    void bodyMembersComeFromJsonAndHeaderMembersFromHeaders() {
        Map<String, Object> tree = decode(request("POST", "/things",
                Map.of("Content-Type", "application/json", "x-client-token", "tok-1"),
                "{\"name\":\"n1\",\"tags\":{\"k\":\"v\"}}"));
        assertThat(tree).containsEntry("Name", "n1").containsEntry("Tags", Map.of("k", "v")).containsEntry("Token", "tok-1");
    }

    @Test
    void bodyInAnotherMediaTypeIsRefused() {
        assertThatThrownBy(() -> decode(request("POST", "/things", Map.of("Content-Type", "text/plain"), "{}")))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("UnsupportedMediaTypeException");
                    assertThat(e.httpStatus()).isEqualTo(415);
                });
    }

    @Test
    void responsesUseTheModelledStatusCode() {
        ApiResponse created = codec.encode(MODEL.operation("CreateThing"), Map.of("ThingId", "t-9"), "req-1");
        assertThat(created.status()).isEqualTo(201);
        assertThat(new String(created.body(), UTF_8)).isEqualTo("{\"thingId\":\"t-9\"}");
        ApiResponse deleted = codec.encode(MODEL.operation("DeleteThing"), null, "req-2");
        assertThat(deleted.status()).isEqualTo(204);
    }

    @Test
    void outputHeadersStatusCodeMembersAndTimestampsAreBound() {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("ThingId", "t-1");
        output.put("LastModified", Instant.parse("2026-11-30T06:00:00Z"));
        output.put("Status", 202);
        output.put("Created", Instant.parse("2026-11-30T06:00:00.5Z"));
        ApiResponse response = codec.encode(MODEL.operation("GetThing"), output, "req-3");
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.headers()).containsEntry("Last-Modified", "Mon, 30 Nov 2026 06:00:00 GMT");
        assertThat(new String(response.body(), UTF_8)).isEqualTo("{\"thingId\":\"t-1\",\"created\":1796018400.500}");
    }

    @Test
    void blobPayloadIsTheRawBody() {
        ApiResponse response = codec.encode(MODEL.operation("GetPart"),
                Map.of("Content", new byte[] {1, 2, 3}, "ContentType", "application/octet-stream"), "req-4");
        assertThat(response.body()).containsExactly(1, 2, 3);
        assertThat(response.headers()).containsEntry("Content-Type", "application/octet-stream");
    }

    @Test
    void errorsCarryTheirTypeInBodyAndHeader() {
        AwsException error = new AwsException("ResourceNotFoundException", 404, Fault.SENDER, "Thing t-1 does not exist.");
        ApiResponse response = codec.encodeError(error, "req-5");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.headers()).containsEntry("x-amzn-ErrorType", "ResourceNotFoundException");
        assertThat(new String(response.body(), UTF_8))
                .isEqualTo("{\"message\":\"Thing t-1 does not exist.\",\"__type\":\"ResourceNotFoundException\"}");
    }
}
