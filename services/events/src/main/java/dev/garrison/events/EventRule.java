package dev.garrison.events;

import org.jspecify.annotations.Nullable;

/** A stored rule on an event bus. */
record EventRule(String name, String bus, String arn, String eventPattern, String state, @Nullable String description,
        @Nullable String roleArn) {}
