package dev.garrison.waf;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A field and the text transformations applied to each of its values before a statement looks.
 * Statements of one web ACL that inspect the same field with the same transformations share a
 * {@code slot} of the evaluation and so the transformed values within one request, as AWS WAF
 * shares them.
 */
record Inspection(Field field, Transform transform, int slot) {
    /** Whether any transformed value passes {@code test}; an oversize field gets its handling's verdict. */
    boolean any(Evaluation evaluation, Predicate<String> test) {
        Boolean oversize = field.oversize(evaluation.request);
        if (oversize != null) {
            return oversize;
        }
        return first(evaluation, test) != null;
    }

    /**
     * The first transformed value that passes {@code test}, or null; the caller has taken the
     * oversize verdict ({@link Field#oversize}) first.
     */
    @Nullable String first(Evaluation evaluation, Predicate<String> test) {
        WebRequest request = evaluation.request;
        List<String> values = evaluation.transformed[slot];
        if (values == null) {
            List<String> raw = field.values(request);
            values = new ArrayList<>(raw.size());
            for (String value : raw) {
                values.add(transform.apply(value));
            }
            evaluation.transformed[slot] = values;
        }
        for (String value : values) {
            if (test.test(value)) {
                return value;
            }
        }
        return null;
    }
}
