package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** IP set ranges: what parses, and which addresses fall inside. */
class CidrTest {
    record Case(String range, String version, String address, boolean inside) {}

    @Test
    void rangesContainTheirAddresses() {
        for (Case c : List.of(new Case("10.0.0.0/8", "IPV4", "10.255.1.2", true),
                new Case("10.0.0.0/8", "IPV4", "11.0.0.1", false),
                new Case("192.0.2.44/32", "IPV4", "192.0.2.44", true),
                new Case("192.0.2.44/32", "IPV4", "192.0.2.45", false),
                new Case("192.0.2.0/25", "IPV4", "192.0.2.127", true),
                new Case("192.0.2.0/25", "IPV4", "192.0.2.128", false),
                new Case("10.1.2.3/16", "IPV4", "10.1.200.1", true),
                new Case("2001:db8::/32", "IPV6", "2001:db8:ffff::1", true),
                new Case("2001:db8::/32", "IPV6", "2001:db9::1", false),
                new Case("2001:db8::/32", "IPV6", "10.0.0.1", false))) {
            Cidr range = Cidr.parse(c.range(), c.version());
            assertThat(range).as(c.range()).isNotNull();
            assertThat(range.contains(Cidr.literal(c.address()))).as(c.range() + " holds " + c.address()).isEqualTo(c.inside());
        }
    }

    @Test
    void onlyRangesOfTheSetsVersionParse() {
        for (String bad : List.of("10.0.0.1", "10.0.0.0/0", "10.0.0.0/33", "256.0.0.0/8", "1.2.3/24", "example.com/32",
                "2001:db8::/32", "10.0.0.0/8/8", " 10.0.0.0/8")) {
            assertThat(Cidr.parse(bad, "IPV4")).as(bad).isNull();
        }
        assertThat(Cidr.parse("10.0.0.0/8", "IPV6")).isNull();
        assertThat(Cidr.parse("::/129", "IPV6")).isNull();
        assertThat(Cidr.literal("localhost")).isNull();
    }
}
