package dev.garrison.platform.policy;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * IAM's condition operators without their {@code ForAnyValue:}/{@code ForAllValues:} qualifiers
 * and {@code IfExists} suffix. Each compares one request value with one policy value; a negated
 * operator is true when no policy value matches.
 */
enum ConditionOperator {
    STRING_EQUALS("StringEquals", false, String::equals),
    STRING_NOT_EQUALS("StringNotEquals", true, String::equals),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", false, String::equalsIgnoreCase),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", true, String::equalsIgnoreCase),
    STRING_LIKE("StringLike", false, (actual, pattern) -> Wildcard.matches(pattern, actual)),
    STRING_NOT_LIKE("StringNotLike", true, (actual, pattern) -> Wildcard.matches(pattern, actual)),
    NUMERIC_EQUALS("NumericEquals", false, (a, p) -> compareNumbers(a, p, c -> c == 0)),
    NUMERIC_NOT_EQUALS("NumericNotEquals", true, (a, p) -> compareNumbers(a, p, c -> c == 0)),
    NUMERIC_LESS_THAN("NumericLessThan", false, (a, p) -> compareNumbers(a, p, c -> c < 0)),
    NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", false, (a, p) -> compareNumbers(a, p, c -> c <= 0)),
    NUMERIC_GREATER_THAN("NumericGreaterThan", false, (a, p) -> compareNumbers(a, p, c -> c > 0)),
    NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", false, (a, p) -> compareNumbers(a, p, c -> c >= 0)),
    DATE_EQUALS("DateEquals", false, (a, p) -> compareDates(a, p, c -> c == 0)),
    DATE_NOT_EQUALS("DateNotEquals", true, (a, p) -> compareDates(a, p, c -> c == 0)),
    DATE_LESS_THAN("DateLessThan", false, (a, p) -> compareDates(a, p, c -> c < 0)),
    DATE_LESS_THAN_EQUALS("DateLessThanEquals", false, (a, p) -> compareDates(a, p, c -> c <= 0)),
    DATE_GREATER_THAN("DateGreaterThan", false, (a, p) -> compareDates(a, p, c -> c > 0)),
    DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", false, (a, p) -> compareDates(a, p, c -> c >= 0)),
    BOOL("Bool", false, (a, p) -> isBoolean(a) && a.equalsIgnoreCase(p)),
    BINARY_EQUALS("BinaryEquals", false, ConditionOperator::sameBinary),
    IP_ADDRESS("IpAddress", false, ConditionOperator::inRange),
    NOT_IP_ADDRESS("NotIpAddress", true, ConditionOperator::inRange),
    ARN_EQUALS("ArnEquals", false, ConditionOperator::arnMatches),
    ARN_LIKE("ArnLike", false, ConditionOperator::arnMatches),
    ARN_NOT_EQUALS("ArnNotEquals", true, ConditionOperator::arnMatches),
    ARN_NOT_LIKE("ArnNotLike", true, ConditionOperator::arnMatches),
    NULL("Null", false, (a, p) -> false);

    /** One request value against one policy value, before negation. */
    private interface Comparison {
        boolean test(String actual, String policyValue);
    }

    private interface Ordering {
        boolean accepts(int comparison);
    }

    private final String policyName;
    private final boolean negated;
    private final Comparison comparison;

    ConditionOperator(String policyName, boolean negated, Comparison comparison) {
        this.policyName = policyName;
        this.negated = negated;
        this.comparison = comparison;
    }

    /** The operator a policy names ({@code StringLike}), case-sensitive as in IAM; null when unknown. */
    static @Nullable ConditionOperator named(String name) {
        return Arrays.stream(values()).filter(op -> op.policyName.equals(name)).findFirst().orElse(null);
    }

    boolean negated() {
        return negated;
    }

    /** True for the operators whose policy values are patterns with {@code *} and {@code ?}. */
    boolean usesWildcards() {
        return this == STRING_LIKE || this == STRING_NOT_LIKE || this == ARN_EQUALS || this == ARN_LIKE
                || this == ARN_NOT_EQUALS || this == ARN_NOT_LIKE;
    }

    /** True when {@code actual} matches at least one policy value, before negation. */
    boolean matchesAny(String actual, Iterable<String> policyValues) {
        for (String policyValue : policyValues) {
            if (comparison.test(actual, policyValue)) {
                return true;
            }
        }
        return false;
    }

    private static boolean compareNumbers(String actual, String policyValue, Ordering ordering) {
        try {
            return ordering.accepts(new BigDecimal(actual.strip()).compareTo(new BigDecimal(policyValue.strip())));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean compareDates(String actual, String policyValue, Ordering ordering) {
        Instant a = date(actual);
        Instant p = date(policyValue);
        return a != null && p != null && ordering.accepts(a.compareTo(p));
    }

    /** ISO 8601 with or without time and offset, or epoch seconds, as IAM accepts them. */
    private static @Nullable Instant date(String text) {
        String value = text.strip();
        try {
            if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochSecond(Long.parseLong(value));
            }
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            return null;
        }
    }

    private static boolean isBoolean(String value) {
        return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
    }

    private static boolean sameBinary(String actual, String policyValue) {
        try {
            return Arrays.equals(Base64.getDecoder().decode(actual.strip()), Base64.getDecoder().decode(policyValue.strip()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean arnMatches(String actual, String pattern) {
        String[] a = actual.split(":", 6);
        String[] p = pattern.split(":", 6);
        if (a.length != 6 || p.length != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (!Wildcard.matches(p[i], a[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean inRange(String actual, String cidr) {
        byte[] address = ipLiteral(actual.strip());
        String range = cidr.strip();
        int slash = range.indexOf('/');
        byte[] network = ipLiteral(slash < 0 ? range : range.substring(0, slash));
        if (address == null || network == null || address.length != network.length) {
            return false;
        }
        int bits;
        try {
            bits = slash < 0 ? address.length * 8 : Integer.parseInt(range.substring(slash + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        if (bits < 0 || bits > address.length * 8) {
            return false;
        }
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** The bytes of an IPv4 or IPv6 literal; never a name lookup. */
    private static byte @Nullable [] ipLiteral(String text) {
        if (text.indexOf(':') >= 0) {
            try {
                // A text with a colon is parsed as an IPv6 literal and never looked up by name.
                return InetAddress.getByName(text).getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                return null;
            }
            int octet = Integer.parseInt(parts[i]);
            if (octet > 255) {
                return null;
            }
            out[i] = (byte) octet;
        }
        return out;
    }
}
