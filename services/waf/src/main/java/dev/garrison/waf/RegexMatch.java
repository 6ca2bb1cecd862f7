package dev.garrison.waf;

import com.google.re2j.Pattern;
import java.util.List;

/**
 * RegexMatchStatement and RegexPatternSetReferenceStatement: any of the patterns found in a
 * transformed value. Patterns run on RE2's linear-time engine, so no input can stall a request.
 */
final class RegexMatch implements Matcher {
    private final Inspection inspection;
    private final List<Pattern> patterns;

    RegexMatch(Inspection inspection, List<Pattern> patterns) {
        this.inspection = inspection;
        this.patterns = patterns;
    }

    @Override
    public boolean matches(Evaluation evaluation) {
        return inspection.any(evaluation, value -> {
            for (Pattern pattern : patterns) {
                if (pattern.matcher(value).find()) {
                    return true;
                }
            }
            return false;
        });
    }
}
