package dev.garrison.events;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One event on its way to one target.
 *
 * @param id the stored delivery's id
 * @param eventId the event's id on the bus
 * @param aboutFailure the event announces another delivery's failure; its own failure is not announced
 * @param ruleArn the rule that matched
 * @param targetId the target's id on the rule
 * @param targetArn where it goes
 * @param payload what the target receives
 * @param headers extra HTTP headers named on the target
 * @param query extra query-string parameters named on the target
 * @param attempts deliveries tried so far
 * @param taken when the event was matched; the target's maximum event age counts from here
 * @param nextAttempt when to try next
 * @param maxRetries retries allowed after the first attempt
 * @param maxAgeSeconds how long retries may go on
 * @param lastError what the last attempt answered, or null before the first
 */
record Delivery(String id, String eventId, boolean aboutFailure, String ruleArn, String targetId, String targetArn, byte[] payload,
        Map<String, String> headers, Map<String, String> query, int attempts, Instant taken, Instant nextAttempt,
        int maxRetries, int maxAgeSeconds, @Nullable String lastError) {

    Delivery retryAt(Instant when, String error) {
        return new Delivery(id, eventId, aboutFailure, ruleArn, targetId, targetArn, payload, headers, query, attempts + 1, taken, when,
                maxRetries, maxAgeSeconds, error);
    }
}
