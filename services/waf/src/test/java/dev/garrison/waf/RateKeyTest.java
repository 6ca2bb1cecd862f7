package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateKeyTest {
    private static final Evaluation EVALUATION = new Evaluation(WebAclPlanTest.request("/"), Instant.EPOCH, 0);

    private static String key(String... values) {
        List<RateKey.Component> components = Arrays.stream(values).<RateKey.Component>map(v -> e -> v).toList();
        return RateKey.custom(components).of(EVALUATION);
    }

    @Test
    void shortCustomKeysAreKeptAsTheyAre() {
        assertThat(key("GET", "10.0.0.1")).isEqualTo("3:GET8:10.0.0.1");
        assertThat(key("a:b", "c")).as("a value's length keeps components apart").isNotEqualTo(key("a", "b:c"));
    }

    @Test
    void longCustomKeysAreKeptAsTheirDigestOneForEachValue() {
        String big = "x".repeat(16 * 1024);
        String bigToo = "x".repeat(16 * 1024 - 1) + "y";

        assertThat(key(big)).hasSize(1 + 64).startsWith("#").isEqualTo(key(big));
        assertThat(key(bigToo)).isNotEqualTo(key(big));
        assertThat(key("GET", big)).isNotEqualTo(key("POST", big));
        // two chars a charset would write alike (lone surrogates) stay two keys
        assertThat(key("\ud800".repeat(70))).isNotEqualTo(key("\udc00".repeat(70)));
    }

    @Test
    void aMissingComponentLeavesTheRequestUncounted() {
        RateKey key = RateKey.custom(List.of(e -> "GET", e -> null));
        assertThat(key.of(EVALUATION)).isNull();
    }
}
