package dev.garrison.waf;

import dev.garrison.api.wafv2.FieldToMatch;
import dev.garrison.api.wafv2.Rule;
import dev.garrison.api.wafv2.RuleGroup;
import dev.garrison.api.wafv2.Statement;
import dev.garrison.api.wafv2.TextTransformation;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Web ACL capacity units, with AWS WAF's documented costs: a base per statement type, 10 more
 * per text transformation, doubled for JSON body inspection; And, Or and Not cost what they
 * hold; a rule group reference costs the group's declared capacity.
 */
final class Capacity {
    /** The most a web ACL or rule group may use. */
    static final long MAX = 5_000;

    private final Function<String, @Nullable WafEntity> resolve;

    Capacity(Function<String, @Nullable WafEntity> resolve) {
        this.resolve = resolve;
    }

    long of(@Nullable List<Rule> rules) {
        long total = 0;
        for (Rule rule : rules == null ? List.<Rule>of() : rules) {
            total += statement(rule.statement());
        }
        return total;
    }

    private long statement(Statement s) {
        if (s.andStatement() != null) {
            return s.andStatement().statements().stream().mapToLong(this::statement).sum();
        }
        if (s.orStatement() != null) {
            return s.orStatement().statements().stream().mapToLong(this::statement).sum();
        }
        if (s.notStatement() != null) {
            return statement(s.notStatement().statement());
        }
        if (s.byteMatchStatement() != null) {
            var b = s.byteMatchStatement();
            long base = switch (b.positionalConstraint()) {
                case "CONTAINS", "CONTAINS_WORD" -> 10;
                default -> 2;
            };
            return inspected(base, b.fieldToMatch(), b.textTransformations());
        }
        if (s.sizeConstraintStatement() != null) {
            var c = s.sizeConstraintStatement();
            return inspected(1, c.fieldToMatch(), c.textTransformations());
        }
        if (s.regexMatchStatement() != null) {
            var r = s.regexMatchStatement();
            return inspected(3, r.fieldToMatch(), r.textTransformations());
        }
        if (s.regexPatternSetReferenceStatement() != null) {
            var r = s.regexPatternSetReferenceStatement();
            return inspected(25, r.fieldToMatch(), r.textTransformations());
        }
        if (s.sqliMatchStatement() != null) {
            var q = s.sqliMatchStatement();
            return inspected("HIGH".equals(q.sensitivityLevel()) ? 30 : 20, q.fieldToMatch(), q.textTransformations());
        }
        if (s.xssMatchStatement() != null) {
            var x = s.xssMatchStatement();
            return inspected(40, x.fieldToMatch(), x.textTransformations());
        }
        if (s.rateBasedStatement() != null) {
            var r = s.rateBasedStatement();
            return 2 + (r.scopeDownStatement() == null ? 0 : statement(r.scopeDownStatement()));
        }
        if (s.ruleGroupReferenceStatement() != null) {
            WafEntity group = resolve.apply(s.ruleGroupReferenceStatement().arn());
            return group == null || group.kind() != EntityKind.RULE_GROUP ? 0 : RuleGroup.fromTree(group.body()).capacity();
        }
        // IP set, geo, ASN and label matches, and anything left, cost one unit
        return 1;
    }

    private static long inspected(long base, FieldToMatch field, List<TextTransformation> transformations) {
        long cost = field.jsonBody() != null ? base * 2 : base;
        return cost + 10L * transformations.stream().filter(t -> !t.type().equals("NONE")).count();
    }
}
