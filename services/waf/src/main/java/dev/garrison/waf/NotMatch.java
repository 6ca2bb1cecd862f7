package dev.garrison.waf;

/** NotStatement: the nested statement does not match. */
final class NotMatch implements Matcher {
    private final Matcher statement;

    NotMatch(Matcher statement) {
        this.statement = statement;
    }

    @Override
    public boolean matches(Evaluation evaluation) {
        return !statement.matches(evaluation);
    }
}
