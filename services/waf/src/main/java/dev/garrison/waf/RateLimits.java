package dev.garrison.waf;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The counters of every rate-based rule, kept apart from the compiled plans so that recompiling
 * a web ACL (on any change, and every second) keeps the counts. A rule's counter is named by its
 * path (web ACL ARN, then the referencing rule for a rule in a group, then the rule) and starts
 * afresh when its window or what it aggregates on changes.
 */
final class RateLimits {
    private final Map<String, RateCounter> counters = new ConcurrentHashMap<>();
    private final Map<String, String> current = new ConcurrentHashMap<>();

    /** The counter of the rule at {@code path}, for {@code windowSeconds} and the aggregation described by {@code aggregation}. */
    RateCounter counter(String path, long windowSeconds, String aggregation) {
        String key = path + "\n" + windowSeconds + "\n" + aggregation;
        String previous = current.put(path, key);
        if (previous != null && !previous.equals(key)) {
            counters.remove(previous);
        }
        return counters.computeIfAbsent(key, k -> new RateCounter(windowSeconds));
    }

    /**
     * Drops the counters of every rule not at one of {@code live}: those of deleted or changed web
     * ACLs and rules, which would otherwise keep up to {@link RateCounter#MAX_KEYS} keys each for
     * as long as the process runs.
     */
    void retain(Set<String> live) {
        current.entrySet().removeIf(e -> {
            if (live.contains(e.getKey())) {
                return false;
            }
            counters.remove(e.getValue());
            return true;
        });
    }

    /** The counter of the rule at {@code path}, or null when it has counted nothing yet. */
    @Nullable RateCounter find(String path) {
        String key = current.get(path);
        return key == null ? null : counters.get(key);
    }
}
