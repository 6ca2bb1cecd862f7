package dev.garrison.waf;

import dev.garrison.platform.storage.Row;
import dev.garrison.platform.storage.Store;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Which web ACL protects which resource (a load balancer): one web ACL per resource, as in AWS WAF. */
final class Associations {
    private static final String TABLE = "waf_associations";

    private final Store store;
    private volatile Runnable listener = () -> { };

    Associations(Store store) {
        this.store = store;
    }

    /** Runs {@code listener} after every change, on the thread that made it. */
    void onChange(Runnable listener) {
        this.listener = listener;
    }

    private void changed() {
        listener.run();
    }

    /** The web ACL protecting {@code resourceArn}, or null. */
    @Nullable String webAclOf(String resourceArn) {
        Row row = store.get(TABLE, resourceArn);
        return row == null ? null : (String) row.index().get("web_acl");
    }

    List<String> resourcesOf(String webAclArn) {
        return store.find(TABLE, "web_acl", webAclArn).stream().map(Row::id).toList();
    }

    /** Protects {@code resourceArn} with {@code webAclArn}, replacing the web ACL it had. */
    void associate(String resourceArn, String webAclArn) {
        store.write(tx -> {
            tx.put(TABLE, new Row(resourceArn, Map.of("web_acl", webAclArn), webAclArn.getBytes(StandardCharsets.UTF_8)));
            return null;
        });
        changed();
    }

    void disassociate(String resourceArn) {
        store.write(tx -> tx.delete(TABLE, resourceArn));
        changed();
    }
}
