package dev.garrison.platform.policy;

import org.jspecify.annotations.Nullable;

/**
 * Policy variables in Resource and Condition values: {@code ${aws:username}}, a default after a
 * comma ({@code ${aws:PrincipalTag/team, 'none'}}), and the escapes {@code ${*}}, {@code ${?}},
 * {@code ${$}}. Only policies of version 2012-10-17 have variables; older ones read the text as is.
 */
final class PolicyVariables {
    private PolicyVariables() {}

    /**
     * The text with every variable replaced, or null when one names a key the request lacks and
     * has no default. In a {@code pattern} the inserted text is marked literal for {@link Wildcard}.
     */
    static @Nullable String substitute(String text, ConditionContext context, boolean pattern) {
        int start = text.indexOf("${");
        if (start < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (start >= 0) {
            int end = text.indexOf('}', start);
            if (end < 0) {
                break;
            }
            out.append(text, from, start);
            String value = resolve(text.substring(start + 2, end).strip(), context);
            if (value == null) {
                return null;
            }
            out.append(pattern ? Wildcard.literal(value) : value);
            from = end + 1;
            start = text.indexOf("${", from);
        }
        return out.append(text.substring(from)).toString();
    }

    private static @Nullable String resolve(String variable, ConditionContext context) {
        switch (variable) {
            case "*", "?", "$" -> {
                return variable;
            }
            default -> { }
        }
        String name = variable;
        String fallback = null;
        int comma = variable.indexOf(',');
        if (comma >= 0) {
            name = variable.substring(0, comma).strip();
            String rest = variable.substring(comma + 1).strip();
            if (rest.length() >= 2 && rest.startsWith("'") && rest.endsWith("'")) {
                fallback = rest.substring(1, rest.length() - 1);
            }
        }
        String value = context.value(name);
        return value != null ? value : fallback;
    }
}
