package dev.garrison.waf;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Why an SQL injection or XSS statement matched, as AWS WAF logs it in
 * {@code terminatingRuleMatchDetails} and {@code ruleMatchDetails}.
 *
 * @param conditionType SQL_INJECTION or XSS
 * @param sensitivityLevel LOW or HIGH for SQL injection, null for XSS
 * @param location where the value was: URI, QUERY_STRING, ALL_QUERY_ARGS, SINGLE_QUERY_ARG, BODY,
 *     HEADER, COOKIES or UNKNOWN
 * @param matchedData the matched value's tokens (at most 10), transformed as the rule inspected it
 */
record MatchDetail(String conditionType, @Nullable String sensitivityLevel, String location, List<String> matchedData) {
    static final int MAX_TOKENS = 10;
}
