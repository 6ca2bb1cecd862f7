package dev.garrison.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.garrison.api.events.InvalidEventPatternException;
import dev.garrison.platform.core.CommonErrors;
import java.io.IOException;
import java.util.List;
import software.amazon.event.ruler.Machine;
import software.amazon.event.ruler.RuleCompiler;

/** Event patterns as EventBridge reads them, checked and matched by AWS's event-ruler library. */
final class EventPatterns {
    /** Fields TestEventPattern requires of the event, as EventBridge documents them. */
    private static final List<String> REQUIRED_EVENT_FIELDS =
            List.of("id", "account", "source", "time", "region", "resources", "detail-type");
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventPatterns() {}

    /** Refuses a pattern event-ruler cannot compile, with its reason. */
    static void check(String pattern) {
        String problem = RuleCompiler.check(pattern);
        if (problem != null) {
            throw new InvalidEventPatternException("Event pattern is not valid. Reason: " + problem);
        }
    }

    /** True when {@code event} (a complete EventBridge event) matches {@code pattern}. */
    static boolean matches(String pattern, String event) {
        check(pattern);
        JsonNode parsed;
        try {
            parsed = JSON.readTree(event);
        } catch (IOException e) {
            throw invalidEvent();
        }
        if (parsed == null || !parsed.isObject() || REQUIRED_EVENT_FIELDS.stream().anyMatch(f -> !parsed.has(f))) {
            throw invalidEvent();
        }
        try {
            Machine machine = new Machine();
            machine.addRule("pattern", pattern);
            return !machine.rulesForJSONEvent(parsed).isEmpty();
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidEventPatternException("Event pattern is not valid. Reason: " + e.getMessage());
        }
    }

    private static RuntimeException invalidEvent() {
        return CommonErrors.of(CommonErrors.Kind.VALIDATION, "Parameter Event is not valid.");
    }
}
