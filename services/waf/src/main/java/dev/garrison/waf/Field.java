package dev.garrison.waf;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** A compiled {@code FieldToMatch}: the part of a request a statement inspects. */
interface Field {
    /** The values to inspect, before text transformations; empty when the request lacks the part. */
    List<String> values(WebRequest request);

    /**
     * The verdict the part gets without inspection: true (MATCH), false (NO_MATCH), or null to
     * inspect what is there. Oversize parts take their oversize handling; parts a request lacks or
     * cannot parse (a URI fragment, an invalid JSON body) take their fallback behavior.
     */
    default @Nullable Boolean oversize(WebRequest request) {
        return null;
    }

    /** Where in the request the part is, as AWS WAF's match details name it. */
    default String location() {
        return "UNKNOWN";
    }
}
