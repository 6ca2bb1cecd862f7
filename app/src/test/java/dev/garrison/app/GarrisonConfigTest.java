package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.garrison.waf.LoadBalancerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration from defaults, garrison.yaml, GARRISON_* variables and flags; bad values named by their key. */
class GarrisonConfigTest {
    private static Path yaml(String text) throws Exception {
        Path file = Files.createTempFile("garrison", ".yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void laterSourcesOverrideEarlierOnes() throws Exception {
        Path file = yaml("port: 5000\nhost: 0.0.0.0\nevent-commands:\n  page: [\"/bin/echo\", \"paged\"]\n"
                + "event-command-timeout-seconds: 5\n");
        GarrisonConfig config = GarrisonConfig.load(file, Map.of("GARRISON_PORT", "6000"), Map.of("host", "127.0.0.1"));
        assertThat(config.port()).isEqualTo(6000);
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.eventCommands()).containsEntry("page", List.of("/bin/echo", "paged"));
        assertThat(config.eventCommandTimeoutSeconds()).isEqualTo(5);
        assertThat(config.hsmClusters()).isEmpty();
        assertThat(config.rootKeyToken()).isNull();
    }

    @Test
    void badValuesAreRefusedWithTheirKeyNamed() throws Exception {
        Map<String, String> cases = Map.of(
                "port: 70000\n", "port: must be between 0 and 65535, got 70000",
                "colour: blue\n", "unknown key 'colour'",
                "event-commands:\n  page: []\n", "event-commands.page must be a non-empty list",
                "event-commands:\n  'bad name': [\"x\"]\n", "event-commands.bad name: a name is 1 to 64",
                "hsm-clusters:\n  cluster-1: {library: /x, slot: 1}\n", "hsm-clusters.cluster-1: an id is 'cluster-'",
                "hsm-clusters:\n  cluster-abcdefghijkl: {library: /nowhere.so, slot: 1}\n", "/nowhere.so does not exist",
                "hsm-clusters:\n  cluster-abcdefghijkl: {slot: 1}\n", "must have a library (path) and a slot (number)",
                "root-key-library: /usr/lib/softhsm/libsofthsm2.so\n", "give both or neither",
                "port: [1, 2]\n", "key 'port' must be a single value");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path file = yaml(c.getKey());
            assertThatThrownBy(() -> GarrisonConfig.load(file, Map.of(), Map.of())).as(c.getKey())
                    .isInstanceOf(GarrisonConfig.ConfigException.class).hasMessageContaining(c.getValue());
        }
    }

    @Test
    void loadBalancersAreDeclaredInTheFileOrWithProtectAndListen() throws Exception {
        Path file = yaml("""
                load-balancers:
                  shop:
                    listeners:
                      - port: 8080
                    target-groups:
                      web:
                        targets: [http://127.0.0.1:3000, http://127.0.0.1:3001]
                        health-check-path: /health
                        max-connections-per-target: 200
                        healthy-threshold-count: 3
                        unhealthy-threshold-count: 4
                      api:
                        targets: [http://127.0.0.1:4000]
                    routes:
                      - path: /api/
                        target-group: api
                waf-body-inspection-bytes: 16384
                waf-max-pending-head-bytes: 131072
                """);
        GarrisonConfig config = GarrisonConfig.load(file, Map.of(),
                Map.of("protect", "http://127.0.0.1:5000", "listen", "8081"));
        assertThat(config.loadBalancers()).extracting(LoadBalancerSpec::name).containsExactly("shop", "default");
        LoadBalancerSpec shop = config.loadBalancers().getFirst();
        assertThat(shop.targetGroups().getFirst().targets()).hasSize(2);
        assertThat(shop.targetGroups()).extracting(LoadBalancerSpec.TargetGroup::maxConnectionsPerTarget)
                .as("a group without a cap has none (0)").containsExactly(200, 0);
        assertThat(shop.targetGroups()).extracting(LoadBalancerSpec.TargetGroup::healthyThreshold,
                LoadBalancerSpec.TargetGroup::unhealthyThreshold).as("an ALB's defaults, or as given")
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3, 4), org.assertj.core.groups.Tuple.tuple(5, 2));
        assertThat(shop.routes()).singleElement().satisfies(r -> assertThat(r.targetGroup()).isEqualTo("api"));
        assertThat(config.loadBalancers().get(1).listeners().getFirst().port()).isEqualTo(8081);
        assertThat(config.proxy().bodyInspectionBytes()).isEqualTo(16384);
        assertThat(config.proxy().failOpen()).isFalse();
        assertThat(config.proxy().maxPendingHeadBytes()).isEqualTo(131072);
        assertThat(GarrisonConfig.load(yaml("region: us-east-1\n"), Map.of(), Map.of()).proxy().maxPendingHeadBytes())
                .as("an eighth of the heap by default").isEqualTo(Runtime.getRuntime().maxMemory() / 8);
    }

    @Test
    void badLoadBalancersAreRefusedWithTheirKeyNamed() throws Exception {
        String valid = "    listeners: [{port: 8080}]\n    target-groups:\n      web: {targets: [http://127.0.0.1:3000]}\n";
        Map<String, String> cases = Map.of(
                "load-balancers:\n  shop:\n    target-groups:\n      web: {targets: [http://127.0.0.1:3000]}\n",
                "load-balancers.shop.listeners: must be a non-empty list",
                "load-balancers:\n  shop:\n    listeners: [{port: 8080}]\n    target-groups:\n      web: {targets: [ftp://x]}\n",
                "load-balancers.shop.target-groups.web.targets[0]: must be an http:// or https:// URL",
                "load-balancers:\n  shop:\n    listeners: [{port: 8443, protocol: HTTPS}]\n    target-groups:\n"
                        + "      web: {targets: [http://127.0.0.1:3000]}\n",
                "load-balancers.shop.listeners[0].certificate: an HTTPS listener needs a PEM file here",
                "load-balancers:\n  shop:\n" + valid + "    routes: [{path: /a, target-group: nope}]\n",
                "load-balancers.shop.routes[0].target-group: must name one of this load balancer's target groups",
                "load-balancers:\n  -bad-:\n" + valid, "load-balancers.-bad-: a name is 1 to 32",
                "load-balancers:\n  shop:\n" + valid + "    colour: blue\n", "load-balancers.shop.colour: unknown key",
                "waf-body-inspection-bytes: 100000\n", "waf-body-inspection-bytes: must be between 8192 and 65536",
                "protect: http://127.0.0.1:3000\n", "protect and listen: give both",
                "waf-geo-database: /nonexistent/geo.mmdb\n", "waf-geo-database: /nonexistent/geo.mmdb does not exist");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path file = yaml(c.getKey());
            assertThatThrownBy(() -> GarrisonConfig.load(file, Map.of(), Map.of())).as(c.getKey())
                    .isInstanceOf(GarrisonConfig.ConfigException.class).hasMessageContaining(c.getValue());
        }
        Path smallBudget = yaml("waf-max-pending-head-bytes: 1000\n");
        assertThatThrownBy(() -> GarrisonConfig.load(smallBudget, Map.of(), Map.of()))
                .hasMessageContaining("waf-max-pending-head-bytes: must be between 65536 and 2147483647");
        for (String count : List.of("1", "11", "five")) {
            Path file = yaml("load-balancers:\n  shop:\n    listeners: [{port: 8080}]\n    target-groups:\n"
                    + "      web: {targets: [http://127.0.0.1:3000], unhealthy-threshold-count: " + count + "}\n");
            assertThatThrownBy(() -> GarrisonConfig.load(file, Map.of(), Map.of())).as(count)
                    .hasMessageContaining("load-balancers.shop.target-groups.web.unhealthy-threshold-count: must be a whole number"
                            + " from 2 to 10");
        }
        for (String cap : List.of("0", "20001", "two", "2.5", "[]")) {
            Path file = yaml("load-balancers:\n  shop:\n    listeners: [{port: 8080}]\n    target-groups:\n"
                    + "      web: {targets: [http://127.0.0.1:3000], max-connections-per-target: " + cap + "}\n");
            assertThatThrownBy(() -> GarrisonConfig.load(file, Map.of(), Map.of())).as(cap)
                    .isInstanceOf(GarrisonConfig.ConfigException.class)
                    .hasMessageContaining("load-balancers.shop.target-groups.web.max-connections-per-target: must be a whole number"
                            + " from 1 to 20000");
        }
    }
}
