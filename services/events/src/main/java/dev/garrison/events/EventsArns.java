package dev.garrison.events;

import org.jspecify.annotations.Nullable;

/** EventBridge ARNs of named, versioned resources: {@code arn:aws:events:REGION:ACCOUNT:TYPE/NAME/ID}. */
final class EventsArns {
    private EventsArns() {}

    /**
     * The stored resource {@code arn} names: found by its NAME through {@code byName}, and only
     * while its own ARN is still {@code arn} (a resource deleted and made again has a new ID).
     */
    static <T> @Nullable T resolve(String arn, String type, java.util.function.Function<String, @Nullable T> byName,
            java.util.function.Function<T, String> arnOf) {
        String name = name(arn, type);
        T found = name == null ? null : byName.apply(name);
        return found != null && arnOf.apply(found).equals(arn) ? found : null;
    }

    /** The NAME in such an ARN of resource type {@code type}, or null when {@code arn} is not one. */
    static @Nullable String name(String arn, String type) {
        String[] parts = arn.split(":", 6);
        String[] resource = parts.length == 6 && parts[2].equals("events") ? parts[5].split("/") : new String[0];
        return resource.length == 3 && resource[0].equals(type) ? resource[1] : null;
    }
}
