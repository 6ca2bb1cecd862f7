package dev.garrison.platform.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The IAM policy grammar: Version, Id, Statement (one object or a list) with Sid, Effect,
 * Principal/NotPrincipal, Action/NotAction, Resource/NotResource and Condition. Refusals carry
 * IAM's MalformedPolicyDocument wording.
 */
public final class PolicyParser {
    /** Which policies may or must name principals. */
    public enum Kind {
        /** Identity, permissions-boundary and session policies: no Principal, Resource required. */
        IDENTITY,
        /** Resource-based and trust policies: Principal required, Resource optional. */
        RESOURCE
    }

    static final String SYNTAX = "Syntax errors in policy.";
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final Set<String> TOP_LEVEL = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT = Set.of("Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
            "Resource", "NotResource", "Condition");
    private static final Set<String> PRINCIPAL_TYPES = Set.of("AWS", "Service", "Federated", "CanonicalUser");

    private PolicyParser() {}

    public static PolicyDocument parse(String text, Kind kind) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new PolicyException(SYNTAX);
        }
        if (root == null || !root.isObject()) {
            throw new PolicyException(SYNTAX);
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!TOP_LEVEL.contains(name)) {
                throw new PolicyException(SYNTAX);
            }
        });
        String version = "2008-10-17";
        if (root.has("Version")) {
            version = root.get("Version").asText();
            if (!root.get("Version").isTextual() || !version.equals(PolicyDocument.CURRENT_VERSION) && !version.equals("2008-10-17")) {
                throw new PolicyException("The policy failed legacy parsing");
            }
        }
        JsonNode statements = root.get("Statement");
        if (statements == null || statements.isNull()) {
            throw new PolicyException(SYNTAX);
        }
        List<Statement> parsed = new ArrayList<>();
        if (statements.isArray()) {
            for (JsonNode statement : statements) {
                parsed.add(statement(statement, kind));
            }
        } else {
            parsed.add(statement(statements, kind));
        }
        return new PolicyDocument(version, parsed);
    }

    private static Statement statement(JsonNode node, Kind kind) {
        if (!node.isObject()) {
            throw new PolicyException(SYNTAX);
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!STATEMENT.contains(name)) {
                throw new PolicyException(SYNTAX);
            }
        });
        String sid = node.has("Sid") ? text(node.get("Sid")) : null;
        if (sid != null && kind == Kind.IDENTITY && !sid.matches("[A-Za-z0-9]*")) {
            throw new PolicyException("Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*");
        }
        JsonNode effect = node.get("Effect");
        if (effect == null) {
            throw new PolicyException("Missing required field Effect");
        }
        if (!effect.isTextual() || !effect.asText().equals("Allow") && !effect.asText().equals("Deny")) {
            throw new PolicyException("Invalid effect: " + effect.asText());
        }
        boolean hasPrincipal = node.has("Principal") || node.has("NotPrincipal");
        if (kind == Kind.IDENTITY && hasPrincipal) {
            throw new PolicyException("Policy document should not specify a principal.");
        }
        if (kind == Kind.RESOURCE && !hasPrincipal) {
            throw new PolicyException("Missing required field Principal");
        }
        if (node.has("Principal") && node.has("NotPrincipal") || node.has("Action") && node.has("NotAction")
                || node.has("Resource") && node.has("NotResource")) {
            throw new PolicyException(SYNTAX);
        }
        if (!node.has("Action") && !node.has("NotAction")) {
            throw new PolicyException("Policy statement must contain actions.");
        }
        if (kind == Kind.IDENTITY && !node.has("Resource") && !node.has("NotResource")) {
            throw new PolicyException("Policy statement must contain resources.");
        }
        return new Statement(sid, effect.asText().equals("Allow"),
                node.has("Principal") ? principal(node.get("Principal")) : null,
                node.has("NotPrincipal") ? principal(node.get("NotPrincipal")) : null,
                node.has("Action") ? actions(node.get("Action")) : null,
                node.has("NotAction") ? actions(node.get("NotAction")) : null,
                node.has("Resource") ? nonEmptyStrings(node.get("Resource")) : null,
                node.has("NotResource") ? nonEmptyStrings(node.get("NotResource")) : null,
                node.has("Condition") ? conditions(node.get("Condition")) : List.of());
    }

    /** Action patterns, checked. */
    private static List<ActionPattern> actions(JsonNode node) {
        List<String> actions = nonEmptyStrings(node);
        for (String action : actions) {
            int colon = action.indexOf(':');
            if (!action.equals("*") && (colon <= 0 || colon == action.length() - 1)) {
                throw new PolicyException("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
            }
        }
        return actions.stream().map(ActionPattern::new).toList();
    }

    private static PolicyPrincipal principal(JsonNode node) {
        if (node.isTextual()) {
            if (!node.asText().equals("*")) {
                throw new PolicyException("Invalid principal in policy");
            }
            return new PolicyPrincipal(true, Map.of());
        }
        if (!node.isObject() || node.isEmpty()) {
            throw new PolicyException("Invalid principal in policy");
        }
        Map<String, List<String>> byType = new LinkedHashMap<>();
        node.properties().forEach(e -> {
            if (!PRINCIPAL_TYPES.contains(e.getKey())) {
                throw new PolicyException("Invalid principal in policy");
            }
            byType.put(e.getKey(), nonEmptyStrings(e.getValue()));
        });
        return new PolicyPrincipal(false, byType);
    }

    private static List<Condition> conditions(JsonNode node) {
        if (!node.isObject()) {
            throw new PolicyException(SYNTAX);
        }
        List<Condition> out = new ArrayList<>();
        node.properties().forEach(operatorEntry -> {
            String type = operatorEntry.getKey();
            Condition.Qualifier qualifier = Condition.Qualifier.NONE;
            String name = type;
            if (name.startsWith("ForAnyValue:")) {
                qualifier = Condition.Qualifier.FOR_ANY_VALUE;
                name = name.substring("ForAnyValue:".length());
            } else if (name.startsWith("ForAllValues:")) {
                qualifier = Condition.Qualifier.FOR_ALL_VALUES;
                name = name.substring("ForAllValues:".length());
            }
            boolean ifExists = name.endsWith("IfExists");
            if (ifExists) {
                name = name.substring(0, name.length() - "IfExists".length());
            }
            ConditionOperator operator = ConditionOperator.named(name);
            if (operator == null || ifExists && operator == ConditionOperator.NULL || !operatorEntry.getValue().isObject()) {
                throw new PolicyException("Invalid Condition type : " + type);
            }
            Condition.Qualifier q = qualifier;
            operatorEntry.getValue().properties().forEach(keyEntry ->
                    out.add(new Condition(operator, q, ifExists, keyEntry.getKey(), scalars(keyEntry.getValue()))));
        });
        return out;
    }

    /** A string or a non-empty list of strings. */
    private static List<String> nonEmptyStrings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isArray() && !node.isEmpty()) {
            for (JsonNode item : node) {
                out.add(text(item));
            }
        } else {
            throw new PolicyException(SYNTAX);
        }
        return out;
    }

    /** Condition values: strings, numbers and booleans, one or a list. */
    private static List<String> scalars(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode item : node) {
                out.add(scalar(item));
            }
        } else {
            out.add(scalar(node));
        }
        return out;
    }

    private static String scalar(JsonNode node) {
        if (!node.isValueNode() || node.isNull()) {
            throw new PolicyException(SYNTAX);
        }
        return node.asText();
    }

    private static String text(@Nullable JsonNode node) {
        if (node == null || !node.isTextual()) {
            throw new PolicyException(SYNTAX);
        }
        return node.asText();
    }
}
