package dev.garrison.platform.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Collects violations of model constraints and words them as AWS does:
 * {@code Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value
 * less than or equal to 1024}. Sensitive values are never shown.
 */
public final class ShapeValidation {
    private static final String REDACTED = "*** Sensitive Data Redacted ***";

    private final List<String> errors = new ArrayList<>();
    private final Set<String> constraints = new LinkedHashSet<>();
    private final boolean nested;

    public ShapeValidation() {
        this(false);
    }

    private ShapeValidation(boolean nested) {
        this.nested = nested;
    }

    public void missing(String path) {
        errors.add("Value null at '" + path + "' failed to satisfy constraint: Member must not be null");
    }

    public void minLength(int length, long min, Object shown, boolean sensitive, String path) {
        if (length < min) {
            fail(shown, sensitive, path, "Member must have length greater than or equal to " + min);
        }
    }

    public void maxLength(int length, long max, Object shown, boolean sensitive, String path) {
        if (length > max) {
            fail(shown, sensitive, path, "Member must have length less than or equal to " + max);
        }
    }

    public void minValue(double value, double min, String minText, Object shown, String path) {
        if (value < min) {
            fail(shown, false, path, "Member must have value greater than or equal to " + minText);
        }
    }

    public void maxValue(double value, double max, String maxText, Object shown, String path) {
        if (value > max) {
            fail(shown, false, path, "Member must have value less than or equal to " + maxText);
        }
    }

    public void pattern(String value, Pattern pattern, boolean sensitive, String path) {
        if (!pattern.matcher(value).find()) {
            fail(value, sensitive, path, "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
    }

    public void enumValue(String value, List<String> allowed, boolean sensitive, String path) {
        if (!allowed.contains(value)) {
            fail(value, sensitive, path, "Member must satisfy enum value set: " + allowed);
        }
    }

    /** A collector for the elements of a list or map: it gathers constraint phrases only. */
    public ShapeValidation nested() {
        return new ShapeValidation(true);
    }

    /** Reports the constraints an element collector gathered, as one error about the whole collection. */
    public void members(ShapeValidation elements, String phrase, Object shown, boolean sensitive, String path) {
        if (!elements.constraints.isEmpty()) {
            fail(shown, sensitive, path, phrase + ": " + String.join(", ", elements.constraints).replace("\n", "")
                    .transform(s -> "[" + s + "]"));
        }
    }

    private void fail(@Nullable Object shown, boolean sensitive, String path, String constraint) {
        if (nested) {
            constraints.add(constraint);
            return;
        }
        errors.add("Value " + render(shown, sensitive) + " at '" + path + "' failed to satisfy constraint: " + constraint);
    }

    private static String render(@Nullable Object value, boolean sensitive) {
        if (value == null) {
            return "null";
        }
        if (sensitive) {
            return "'" + REDACTED + "'";
        }
        if (value instanceof byte[] bytes) {
            return "'java.nio.HeapByteBuffer[pos=0 lim=" + bytes.length + " cap=" + bytes.length + "]'";
        }
        return "'" + value + "'";
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** AWS's wording: {@code 2 validation errors detected: A; B}. */
    public String message() {
        int n = errors.size();
        return n + " validation error" + (n == 1 ? "" : "s") + " detected: " + String.join("; ", errors);
    }
}
