package dev.garrison.waf;

import java.util.function.Predicate;

/** A field and the text transformations applied to each of its values before a statement looks. */
record Inspection(Field field, Transform transform) {
    /** Whether any transformed value passes {@code test}; an oversize field gets its handling's verdict. */
    boolean any(WebRequest request, Predicate<String> test) {
        Boolean oversize = field.oversize(request);
        if (oversize != null) {
            return oversize;
        }
        for (String value : field.values(request)) {
            if (test.test(transform.apply(value))) {
                return true;
            }
        }
        return false;
    }
}
