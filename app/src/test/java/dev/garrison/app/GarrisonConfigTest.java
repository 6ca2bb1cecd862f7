package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
