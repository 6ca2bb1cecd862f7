package dev.garrison.waf;

import dev.garrison.api.wafv2.FieldToMatch;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code RedactedFields} of a logging configuration: the URI path, query string, method or
 * single headers, written as {@code REDACTED} in log records, as AWS WAF writes them.
 */
record LogRedaction(boolean uriPath, boolean queryString, boolean method, Set<String> headers) {
    static final String REDACTED = "REDACTED";
    static final LogRedaction NONE = new LogRedaction(false, false, false, Set.of());

    /** Refuses a field AWS WAF cannot redact from logs. */
    static void check(FieldToMatch field) {
        if (field.uriPath() == null && field.queryString() == null && field.method() == null && field.singleHeader() == null) {
            throw WafErrors.invalid("FIELD_TO_MATCH", "FieldToMatch",
                    "Only UriPath, QueryString, SingleHeader and Method can be redacted from logs.");
        }
    }

    static LogRedaction of(List<FieldToMatch> fields) {
        return new LogRedaction(fields.stream().anyMatch(f -> f.uriPath() != null),
                fields.stream().anyMatch(f -> f.queryString() != null), fields.stream().anyMatch(f -> f.method() != null),
                fields.stream().filter(f -> f.singleHeader() != null)
                        .map(f -> f.singleHeader().name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet()));
    }

    boolean header(String name) {
        return headers.contains(name.toLowerCase(Locale.ROOT));
    }
}
