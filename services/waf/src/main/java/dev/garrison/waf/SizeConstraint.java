package dev.garrison.waf;

/** SizeConstraintStatement: the byte length of the transformed value compared with a size (EQ, NE, LE, LT, GE, GT). */
final class SizeConstraint implements Matcher {
    private final Inspection inspection;
    private final String operator;
    private final long size;

    SizeConstraint(Inspection inspection, String operator, long size) {
        this.inspection = inspection;
        this.operator = operator;
        this.size = size;
    }

    @Override
    public boolean matches(Evaluation evaluation) {
        return inspection.any(evaluation, value -> compare(value.length()));
    }

    private boolean compare(long length) {
        return switch (operator) {
            case "EQ" -> length == size;
            case "NE" -> length != size;
            case "LE" -> length <= size;
            case "LT" -> length < size;
            case "GE" -> length >= size;
            default -> length > size;
        };
    }
}
