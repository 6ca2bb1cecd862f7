package dev.garrison.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Header values in the canonical request: trimmed, each whitespace run one space, as SigV4 defines them. */
class CanonicalHeaderValueTest {
    @Test
    void runsOfWhitespaceBecomeOneSpaceAndValuesAreTrimmedAndJoined() {
        assertThat(SigV4Verifier.canonicalHeaderValue(null)).isEmpty();
        assertThat(SigV4Verifier.canonicalHeaderValue(List.of("application/x-amz-json-1.1"))).isEqualTo("application/x-amz-json-1.1");
        assertThat(SigV4Verifier.canonicalHeaderValue(List.of("  a   b\t\tc \n d  "))).isEqualTo("a b c d");
        assertThat(SigV4Verifier.canonicalHeaderValue(List.of("one two", " x\u000by ", "z"))).isEqualTo("one two,x y,z");
    }

    @Test
    void agreesWithTheRegularExpressionOnRandomValues() {
        Random random = new Random(7);
        char[] alphabet = {'a', 'b', ' ', ' ', '\t', '\n', '\r', '\f', '\u000b', '\u00a0', '\u2003', '-'};
        for (int n = 0; n < 20_000; n++) {
            List<String> values = new ArrayList<>();
            for (int v = random.nextInt(3) + 1; v > 0; v--) {
                StringBuilder value = new StringBuilder();
                for (int i = random.nextInt(12); i > 0; i--) {
                    value.append(alphabet[random.nextInt(alphabet.length)]);
                }
                values.add(value.toString());
            }
            List<String> expected = values.stream().map(v -> v.strip().replaceAll("\\s+", " ")).toList();
            assertThat(SigV4Verifier.canonicalHeaderValue(values)).as("%s", values).isEqualTo(String.join(",", expected));
        }
    }
}
