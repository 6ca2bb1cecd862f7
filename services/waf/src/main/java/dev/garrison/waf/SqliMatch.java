package dev.garrison.waf;

import java.util.List;
import java.util.function.Predicate;

/**
 * SqliMatchStatement: a transformed value the SQL injection detector flags at the rule's
 * sensitivity (LOW unless HIGH). A match leaves its details (the value's tokens, where it was).
 */
final class SqliMatch implements Matcher {
    private final Inspection inspection;
    private final boolean high;
    /** The detector at this rule's sensitivity, made once rather than for every request. */
    private final Predicate<String> detects;

    SqliMatch(Inspection inspection, boolean high) {
        this.inspection = inspection;
        this.high = high;
        this.detects = text -> SqliDetector.detect(text, high);
    }

    @Override
    public boolean matches(Evaluation evaluation) {
        Boolean oversize = inspection.field().oversize(evaluation.request);
        if (oversize != null) {
            return oversize;
        }
        String value = inspection.first(evaluation, detects);
        if (value == null) {
            return false;
        }
        List<String> tokens = SqlTokenizer.tokenize(value, (char) 0).all().stream().map(SqlToken::text)
                .limit(MatchDetail.MAX_TOKENS).toList();
        evaluation.details.add(new MatchDetail("SQL_INJECTION", high ? "HIGH" : "LOW", inspection.field().location(), tokens));
        return true;
    }
}
