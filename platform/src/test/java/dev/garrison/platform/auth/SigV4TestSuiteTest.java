package dev.garrison.platform.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.garrison.platform.core.AwsException;
import dev.garrison.platform.core.Principal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of the shared SigV4 test suite verifies, intermediate texts included; tampering fails. */
class SigV4TestSuiteTest {
    static final Path SUITE = SharedData.path("sigv4-test-suite");

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(SUITE)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                cases.add(Arguments.of(dir.getFileName().toString(), "header"));
                cases.add(Arguments.of(dir.getFileName().toString(), "query"));
            }
        }
        assertThat(cases).hasSize(76);
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("cases")
    void verifiesTheVector(String name, String style) throws IOException {
        Vector vector = Vector.load(SUITE.resolve(name), style);
        SigV4Verifier verifier = vector.verifier();

        SigV4Verifier.Authentication auth = SigV4Verifier.parse(vector.request());
        SigV4Verifier.Computation computed = verifier.compute(vector.request(), auth, vector.secret(),
                style.equals("query") && vector.tokenAddedAfterSigning());
        assertThat(computed.canonicalRequest()).isEqualTo(vector.canonicalRequest());
        assertThat(computed.stringToSign()).isEqualTo(vector.stringToSign());
        assertThat(computed.signature()).isEqualTo(vector.signature());

        SigV4Verifier.Verified verified = verifier.verify(vector.request());
        assertThat(verified.credential().accessKeyId()).isEqualTo("AKIDEXAMPLE");
        assertThat(verified.region()).isEqualTo("us-east-1");
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("cases")
    void refusesEveryChangeToASignedPart(String name, String style) throws IOException {
        Vector vector = Vector.load(SUITE.resolve(name), style);
        SigV4Verifier verifier = vector.verifier();
        SignedRequest original = vector.request();
        SigV4Verifier.Authentication auth = SigV4Verifier.parse(original);

        List<SignedRequest> tampered = new ArrayList<>();
        tampered.add(new SignedRequest(original.method().equals("GET") ? "POST" : "GET", original.rawPath(),
                original.rawQuery(), original.headers(), original.body()));
        tampered.add(new SignedRequest(original.method(), original.rawPath() + "x", original.rawQuery(),
                original.headers(), original.body()));
        tampered.add(new SignedRequest(original.method(), original.rawPath(),
                original.rawQuery().isEmpty() ? "extra=1" : original.rawQuery() + "&extra=1", original.headers(), original.body()));
        for (String header : auth.signedHeaders()) {
            Map<String, List<String>> headers = new LinkedHashMap<>(original.headers());
            headers.put(header, List.of(String.join(",", headers.getOrDefault(header, List.of())) + "tampered"));
            tampered.add(new SignedRequest(original.method(), original.rawPath(), original.rawQuery(), headers, original.body()));
        }
        if (vector.signsBody()) {
            tampered.add(new SignedRequest(original.method(), original.rawPath(), original.rawQuery(), original.headers(),
                    (new String(original.body(), UTF_8) + "x").getBytes(UTF_8)));
        }
        for (SignedRequest request : tampered) {
            assertThatThrownBy(() -> verifier.verify(request))
                    .as("tampered request %s", request)
                    .isInstanceOf(AwsException.class);
        }
    }

    /** One case of the suite in one signing style. */
    record Vector(SignedRequest request, String secret, String token, Instant time, boolean normalize,
            String canonicalRequest, String stringToSign, String signature, boolean signsBody,
            boolean tokenAddedAfterSigning) {

        static Vector load(Path dir, String style) throws IOException {
            JsonNode context = new ObjectMapper().readTree(dir.resolve("context.json").toFile());
            SignedRequest request = RawHttp.parse(Files.readString(dir.resolve(style + "-signed-request.txt")));
            return new Vector(
                    request,
                    context.at("/credentials/secret_access_key").asText(),
                    context.at("/credentials/token").isMissingNode() ? null : context.at("/credentials/token").asText(),
                    Instant.parse(context.get("timestamp").asText()),
                    context.get("normalize").asBoolean(),
                    Files.readString(dir.resolve(style + "-canonical-request.txt")),
                    Files.readString(dir.resolve(style + "-string-to-sign.txt")),
                    Files.readString(dir.resolve(style + "-signature.txt")).strip(),
                    context.path("sign_body").asBoolean(false),
                    context.path("omit_session_token").asBoolean(false));
        }

        SigV4Verifier verifier() {
            Principal principal = new Principal("IAMUser", "AIDAEXAMPLE", "arn:aws:iam::123456789012:user/example",
                    "123456789012", "example", "AKIDEXAMPLE");
            Credential credential = new Credential("AKIDEXAMPLE", secret, principal, token, null, true);
            CredentialResolver resolver = id -> id.equals("AKIDEXAMPLE") ? credential : null;
            return new SigV4Verifier(resolver, Clock.fixed(time, ZoneOffset.UTC), normalize);
        }
    }
}
