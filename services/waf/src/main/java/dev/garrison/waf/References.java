package dev.garrison.waf;

import java.util.List;
import java.util.Map;

/**
 * Who uses an entity: web ACLs and rule groups that reference it by ARN, and resources a web ACL
 * protects. What is in use cannot be deleted (WAFAssociatedItemException), as in AWS WAF.
 */
final class References {
    private final WafEntities entities;
    private final Associations associations;

    References(WafEntities entities, Associations associations) {
        this.entities = entities;
        this.associations = associations;
    }

    /** Refuses when a web ACL or rule group of the entity's scope names it, or a resource uses the web ACL. */
    void requireUnused(WafEntity entity) {
        if (entity.kind() == EntityKind.WEB_ACL && !associations.resourcesOf(entity.arn()).isEmpty()) {
            throw WafErrors.associated();
        }
        String scopeAndRegion = entity.shelf().substring(0, entity.shelf().lastIndexOf('/'));
        for (EntityKind user : List.of(EntityKind.WEB_ACL, EntityKind.RULE_GROUP)) {
            for (WafEntity candidate : entities.listShelf(scopeAndRegion + "/" + user.arnWord)) {
                if (!candidate.arn().equals(entity.arn()) && names(candidate.body(), entity.arn())) {
                    throw WafErrors.associated();
                }
            }
        }
    }

    /** Whether {@code tree} holds {@code arn} as a value anywhere. */
    private static boolean names(Object tree, String arn) {
        if (tree instanceof Map<?, ?> map) {
            for (Object value : map.values()) {
                if (names(value, arn)) {
                    return true;
                }
            }
            return false;
        }
        if (tree instanceof List<?> list) {
            for (Object value : list) {
                if (names(value, arn)) {
                    return true;
                }
            }
            return false;
        }
        return arn.equals(tree);
    }
}
