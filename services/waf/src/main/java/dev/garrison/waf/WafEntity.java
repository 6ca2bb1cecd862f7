package dev.garrison.waf;

import java.util.Map;

/**
 * A stored web ACL, rule group, IP set or regex pattern set: its identity, its lock token (new on
 * every change), its body as the model's tree (the shape Get answers) and its tags.
 */
record WafEntity(EntityKind kind, String shelf, String name, String id, String arn, String lockToken,
        Map<String, Object> body, Map<String, String> tags) {

    WafEntity withBody(Map<String, Object> body, String lockToken) {
        return new WafEntity(kind, shelf, name, id, arn, lockToken, body, tags);
    }

    WafEntity withTags(Map<String, String> tags) {
        return new WafEntity(kind, shelf, name, id, arn, lockToken, body, tags);
    }
}
