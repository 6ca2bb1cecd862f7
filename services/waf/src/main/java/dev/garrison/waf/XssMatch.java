package dev.garrison.waf;

/** XssMatchStatement: a transformed value the cross-site scripting detector flags. */
final class XssMatch implements Matcher {
    private final Inspection inspection;

    XssMatch(Inspection inspection) {
        this.inspection = inspection;
    }

    @Override
    public boolean matches(Evaluation evaluation) {
        return inspection.any(evaluation, XssDetector::detect);
    }
}
