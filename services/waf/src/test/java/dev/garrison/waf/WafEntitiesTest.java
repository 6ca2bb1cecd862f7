package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.garrison.api.wafv2.IPSet;
import dev.garrison.platform.model.ServiceModel;
import dev.garrison.platform.storage.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Stored WAF entities as the enforcement's once-a-second check reads them: by lock token alone. */
class WafEntitiesTest {
    static Database database;
    static WafEntities entities;
    static final WafScope SCOPE = new WafScope("REGIONAL", "us-east-1", "123456789012");

    @BeforeAll
    static void open() throws Exception {
        database = Database.sqlite(Files.createTempDirectory("garrison-waf-entities").resolve("waf.db"));
        entities = new WafEntities(database.migrate("waf"), ServiceModel.load("wafv2", WafEntities.class.getClassLoader()));
    }

    @AfterAll
    static void close() {
        database.close();
    }

    static Map<String, Object> ipSet(String arn, String id, String address) {
        return new IPSet(arn, List.of(address), null, "IPV4", id, "office").toTree();
    }

    @Test
    void theLockTokenReadAloneIsTheEntitysAndChangesWithItsBodyOnly() {
        WafEntity created = entities.create(SCOPE, EntityKind.IP_SET, "office", Map.of("team", "web"),
                (arn, id) -> ipSet(arn, id, "192.0.2.0/24"));
        assertThat(entities.lockToken(created.arn())).isEqualTo(created.lockToken());

        String next = entities.update(created, created.lockToken(), ipSet(created.arn(), created.id(), "198.51.100.0/24"));
        assertThat(next).isNotEqualTo(created.lockToken());
        assertThat(entities.lockToken(created.arn())).isEqualTo(next);

        entities.retag(created.arn(), tags -> Map.of("team", "security"));
        assertThat(entities.lockToken(created.arn())).as("tags are not what a plan is compiled from").isEqualTo(next);
        assertThat(entities.lockToken(SCOPE.arn(EntityKind.IP_SET, "office", "no-such-id"))).isNull();
    }
}
