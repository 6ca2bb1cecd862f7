package dev.garrison.waf;

/** SqliMatchStatement: a transformed value the SQL injection detector flags at the rule's sensitivity (LOW unless HIGH). */
final class SqliMatch implements Matcher {
    private final Inspection inspection;
    private final boolean high;

    SqliMatch(Inspection inspection, boolean high) {
        this.inspection = inspection;
        this.high = high;
    }

    @Override
    public boolean matches(Evaluation evaluation) {
        return inspection.any(evaluation, value -> SqliDetector.detect(value, high));
    }
}
