package dev.garrison.waf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.garrison.api.wafv2.WAFInvalidPermissionPolicyException;
import dev.garrison.platform.storage.Row;
import dev.garrison.platform.storage.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * PutPermissionPolicy, GetPermissionPolicy and DeletePermissionPolicy: the policy with which a
 * rule group's owner shares it, held to the form AWS WAF accepts (version 2012-10-17, Allow
 * statements with a Principal and no Resource, whose actions are exactly the ones that let another
 * account use the group in its web ACLs).
 */
final class PermissionPolicies {
    private static final String TABLE = "waf_permission_policies";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> REQUIRED =
            Set.of("wafv2:CreateWebACL", "wafv2:UpdateWebACL", "wafv2:PutFirewallManagerRuleGroups");
    private static final String OPTIONAL = "wafv2:GetRuleGroup";

    private final Store store;
    private final WafEntities entities;

    PermissionPolicies(Store store, WafEntities entities) {
        this.store = store;
        this.entities = entities;
    }

    void put(String ruleGroupArn, String policy) {
        ruleGroup(ruleGroupArn);
        check(policy);
        store.write(tx -> {
            tx.put(TABLE, new Row(ruleGroupArn, Map.of(), policy.getBytes(StandardCharsets.UTF_8)));
            return null;
        });
    }

    /** The policy, or null when the group has none. */
    @Nullable String get(String ruleGroupArn) {
        ruleGroup(ruleGroupArn);
        Row row = store.get(TABLE, ruleGroupArn);
        return row == null ? null : new String(row.value(), StandardCharsets.UTF_8);
    }

    void delete(String ruleGroupArn) {
        ruleGroup(ruleGroupArn);
        forget(ruleGroupArn);
    }

    /** Drops the policy of a rule group that is gone. */
    void forget(String ruleGroupArn) {
        store.write(tx -> tx.delete(TABLE, ruleGroupArn));
    }

    private void ruleGroup(String arn) {
        WafEntity entity = entities.byArn(arn);
        if (entity == null || entity.kind() != EntityKind.RULE_GROUP) {
            throw WafErrors.nonexistent();
        }
    }

    private static void check(String policy) {
        JsonNode root;
        try {
            root = JSON.readTree(policy);
        } catch (IOException e) {
            throw invalid();
        }
        if (root == null || !root.isObject() || !"2012-10-17".equals(root.path("Version").asText(null))) {
            throw invalid();
        }
        JsonNode statements = root.path("Statement");
        List<JsonNode> list = new ArrayList<>();
        if (statements.isObject()) {
            list.add(statements);
        } else if (statements.isArray() && !statements.isEmpty()) {
            statements.forEach(list::add);
        } else {
            throw invalid();
        }
        for (JsonNode statement : list) {
            if (!statement.isObject() || !"Allow".equals(statement.path("Effect").asText(null))
                    || !statement.has("Principal") || statement.has("NotPrincipal")
                    || statement.has("Resource") || statement.has("NotResource") || statement.has("NotAction")) {
                throw invalid();
            }
            Set<String> actions = new HashSet<>();
            JsonNode action = statement.path("Action");
            if (action.isTextual()) {
                actions.add(action.asText());
            } else if (action.isArray()) {
                action.forEach(a -> actions.add(a.isTextual() ? a.asText() : "*"));
            }
            Set<String> extra = new HashSet<>(actions);
            extra.removeAll(REQUIRED);
            extra.remove(OPTIONAL);
            if (!actions.containsAll(REQUIRED) || !extra.isEmpty()) {
                throw invalid();
            }
        }
    }

    private static WAFInvalidPermissionPolicyException invalid() {
        return new WAFInvalidPermissionPolicyException(
                "The operation failed because the specified policy isn’t in the proper format.");
    }
}
