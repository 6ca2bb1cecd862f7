package dev.garrison.waf;

import java.util.List;

/** AndStatement: every nested statement matches. */
final class AndMatch implements Matcher {
    private final List<Matcher> statements;

    AndMatch(List<Matcher> statements) {
        this.statements = statements;
    }

    @Override
    public boolean matches(Evaluation evaluation) {
        for (Matcher statement : statements) {
            if (!statement.matches(evaluation)) {
                return false;
            }
        }
        return true;
    }
}
