package dev.garrison.platform.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * One key test inside a statement's Condition block: operator, optional set qualifier and
 * {@code IfExists}, the key and the policy's values (several values of one key are ORed).
 */
record Condition(ConditionOperator operator, Qualifier qualifier, boolean ifExists, String key, List<String> values) {
    /** How a key with several request values is judged. */
    enum Qualifier { NONE, FOR_ANY_VALUE, FOR_ALL_VALUES }

    Condition {
        values = List.copyOf(values);
    }

    boolean holds(ConditionContext context, boolean variables) {
        List<String> actual = context.values(key);
        boolean absent = actual == null;
        if (operator == ConditionOperator.NULL) {
            return values.stream().anyMatch(v -> v.equalsIgnoreCase("true") ? absent : v.equalsIgnoreCase("false") && !absent);
        }
        if (absent) {
            return ifExists || qualifier == Qualifier.FOR_ALL_VALUES
                    || qualifier == Qualifier.NONE && operator.negated();
        }
        List<String> expected = variables ? substituted(context) : values;
        boolean any = false;
        boolean all = true;
        for (String value : actual) {
            boolean satisfied = operator.matchesAny(value, expected) != operator.negated();
            any |= satisfied;
            all &= satisfied;
        }
        return switch (qualifier) {
            case FOR_ANY_VALUE -> any;
            case FOR_ALL_VALUES -> all;
            case NONE -> operator.negated() ? all : any;
        };
    }

    /** Policy values with variables resolved; a value naming a key the request lacks drops out. */
    private List<String> substituted(ConditionContext context) {
        List<String> out = new ArrayList<>(values.size());
        for (String value : values) {
            String resolved = PolicyVariables.substitute(value, context, operator.usesWildcards());
            if (resolved != null) {
                out.add(resolved);
            }
        }
        return out;
    }
}
