package dev.garrison.waf;

/**
 * LabelMatchStatement: a label an earlier rule added. Scope LABEL matches the label by its name
 * with as many of its namespaces as the key gives; NAMESPACE matches labels in the namespace the
 * key names (its trailing part, up to the whole namespace).
 */
final class LabelMatch implements Matcher {
    private final boolean namespace;
    private final String key;

    LabelMatch(String scope, String key) {
        this.namespace = scope.equals("NAMESPACE");
        this.key = namespace && !key.endsWith(":") ? key + ":" : key;
    }

    @Override
    public boolean matches(Evaluation evaluation) {
        for (String label : evaluation.labels) {
            String target = namespace ? label.substring(0, label.lastIndexOf(':') + 1) : label;
            if (target.equals(key) || target.endsWith(":" + key)) {
                return true;
            }
        }
        return false;
    }
}
