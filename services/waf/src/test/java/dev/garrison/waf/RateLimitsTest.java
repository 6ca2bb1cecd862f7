package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RateLimitsTest {
    @Test
    void countersOfRulesNoLongerCompiledAreDroppedAndTheOthersKeepTheirCounts() {
        RateLimits rates = new RateLimits();
        Instant now = Instant.parse("2026-12-07T17:00:00Z");
        RateCounter kept = rates.counter("arn:acl/limit", 60, "IP");
        RateCounter dropped = rates.counter("arn:gone/limit", 60, "IP");
        for (int i = 0; i < 3; i++) {
            kept.hit("192.0.2.1", now, 100);
            dropped.hit("192.0.2.1", now, 100);
        }

        rates.retain(Set.of("arn:acl/limit"));

        assertThat(rates.find("arn:gone/limit")).isNull();
        assertThat(rates.find("arn:acl/limit")).isSameAs(kept);
        assertThat(rates.counter("arn:acl/limit", 60, "IP").hit("192.0.2.1", now, 3)).isTrue();
        assertThat(rates.counter("arn:gone/limit", 60, "IP")).isNotSameAs(dropped);
        assertThat(rates.counter("arn:gone/limit", 60, "IP").over(now, 0)).isEmpty();
    }
}
