package dev.garrison.waf;

import java.util.List;

/** OrStatement: at least one nested statement matches. */
final class OrMatch implements Matcher {
    private final List<Matcher> statements;

    OrMatch(List<Matcher> statements) {
        this.statements = statements;
    }

    @Override
    public boolean matches(Evaluation evaluation) {
        for (Matcher statement : statements) {
            if (statement.matches(evaluation)) {
                return true;
            }
        }
        return false;
    }
}
