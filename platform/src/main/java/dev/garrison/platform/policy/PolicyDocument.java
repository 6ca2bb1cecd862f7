package dev.garrison.platform.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A parsed policy: its version (variables only in 2012-10-17) and statements. Parse with
 * {@link PolicyParser}. Parsed documents are shared by every call their principal makes, so each
 * remembers, per action, which of its statements name it: a call then judges only those.
 */
public final class PolicyDocument {
    static final String CURRENT_VERSION = "2012-10-17";
    /** Actions are the services' operations, a bounded set; past this the index stops growing. */
    private static final int ACTION_INDEX_LIMIT = 4096;

    private final String version;
    private final List<Statement> statements;
    private final Map<String, List<Statement>> byAction = new ConcurrentHashMap<>();

    PolicyDocument(String version, List<Statement> statements) {
        this.version = version;
        this.statements = List.copyOf(statements);
    }

    public String version() {
        return version;
    }

    public List<Statement> statements() {
        return statements;
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
        for (Statement statement : naming(request.matchedAction())) {
            if (!statement.allow() && statement.principalMatch(request) != PrincipalMatch.NONE
                    && statement.matchesBeyondAction(request, hasVariables())) {
                return true;
            }
        }
        return false;
    }

    /** The strongest way a matching Allow statement names the caller; NONE when nothing allows. */
    PrincipalMatch allows(AuthorizationRequest request) {
        PrincipalMatch best = PrincipalMatch.NONE;
        for (Statement statement : naming(request.matchedAction())) {
            if (statement.allow()) {
                PrincipalMatch match = statement.principalMatch(request);
                if (match.compareTo(best) > 0 && statement.matchesBeyondAction(request, hasVariables())) {
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
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            Statement statement = statements.get(i);
            if (statement.allow() == allow && statement.principalMatch(request) != PrincipalMatch.NONE
                    && statement.matches(request, hasVariables())) {
                found.add(i);
            }
        }
        return found;
    }

    /** The statements whose Action or NotAction takes in {@code action} (lower case), in order. */
    private List<Statement> naming(String action) {
        List<Statement> found = byAction.get(action);
        if (found == null) {
            List<Statement> matching = new ArrayList<>();
            for (Statement statement : statements) {
                if (statement.actionMatches(action)) {
                    matching.add(statement);
                }
            }
            found = List.copyOf(matching);
            if (byAction.size() < ACTION_INDEX_LIMIT) {
                byAction.put(action, found);
            }
        }
        return found;
    }
}
