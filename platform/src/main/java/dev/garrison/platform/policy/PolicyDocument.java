package dev.garrison.platform.policy;

import java.util.List;

/** A parsed policy: its version (variables only in 2012-10-17) and statements. Parse with {@link PolicyParser}. */
public record PolicyDocument(String version, List<Statement> statements) {
    static final String CURRENT_VERSION = "2012-10-17";

    public PolicyDocument {
        statements = List.copyOf(statements);
    }

    /** Every condition key the statements test, as written: what a simulation reports missing. */
    public java.util.Set<String> conditionKeys() {
        java.util.Set<String> keys = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        statements.forEach(statement -> statement.conditions().forEach(condition -> keys.add(condition.key())));
        return keys;
    }

    boolean hasVariables() {
        return version.equals(CURRENT_VERSION);
    }

    /** True when a Deny statement naming the caller matches the request. */
    boolean denies(AuthorizationRequest request) {
        for (Statement statement : statements) {
            if (!statement.allow() && statement.principalMatch(request) != PrincipalMatch.NONE
                    && statement.matches(request, hasVariables())) {
                return true;
            }
        }
        return false;
    }

    /** The strongest way a matching Allow statement names the caller; NONE when nothing allows. */
    PrincipalMatch allows(AuthorizationRequest request) {
        PrincipalMatch best = PrincipalMatch.NONE;
        for (Statement statement : statements) {
            if (statement.allow()) {
                PrincipalMatch match = statement.principalMatch(request);
                if (match.compareTo(best) > 0 && statement.matches(request, hasVariables())) {
                    best = match;
                }
            }
        }
        return best;
    }

    /**
     * The positions (from 0) of the statements with this effect ({@code allow} or deny) that name
     * the caller and match the request: what decided it, for a simulation to show.
     */
    public List<Integer> matching(AuthorizationRequest request, boolean allow) {
        List<Integer> found = new java.util.ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            Statement statement = statements.get(i);
            if (statement.allow() == allow && statement.principalMatch(request) != PrincipalMatch.NONE
                    && statement.matches(request, hasVariables())) {
                found.add(i);
            }
        }
        return found;
    }
}
