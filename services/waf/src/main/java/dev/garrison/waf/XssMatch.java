package dev.garrison.waf;

import java.util.Arrays;
import java.util.List;

/** XssMatchStatement: a transformed value the cross-site scripting detector flags. */
final class XssMatch implements Matcher {
    private final Inspection inspection;

    XssMatch(Inspection inspection) {
        this.inspection = inspection;
    }

    @Override
    public boolean matches(Evaluation evaluation) {
        Boolean oversize = inspection.field().oversize(evaluation.request);
        if (oversize != null) {
            return oversize;
        }
        String value = inspection.first(evaluation, XssDetector::detect);
        if (value == null) {
            return false;
        }
        List<String> words = Arrays.stream(value.split("\\s+")).filter(w -> !w.isEmpty()).limit(MatchDetail.MAX_TOKENS).toList();
        evaluation.details.add(new MatchDetail("XSS", null, inspection.field().location(), words));
        return true;
    }
}
