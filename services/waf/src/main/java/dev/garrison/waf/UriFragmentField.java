package dev.garrison.waf;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code UriFragment}: what follows {@code #} in the request target as received (browsers keep
 * fragments to themselves; other clients may send one). A request without one takes the rule's
 * fallback: MATCH, NO_MATCH, or by default an empty value.
 */
final class UriFragmentField implements Field {
    private final @Nullable String fallback;

    UriFragmentField(@Nullable String fallback) {
        this.fallback = fallback;
    }

    @Override
    public List<String> values(WebRequest request) {
        int hash = request.path().indexOf('#');
        if (hash >= 0) {
            return List.of(request.path().substring(hash + 1));
        }
        int inQuery = request.query().indexOf('#');
        return List.of(inQuery < 0 ? "" : request.query().substring(inQuery + 1));
    }

    @Override
    public @Nullable Boolean oversize(WebRequest request) {
        if (fallback == null || request.path().indexOf('#') >= 0 || request.query().indexOf('#') >= 0) {
            return null;
        }
        return fallback.equals("MATCH");
    }
}
