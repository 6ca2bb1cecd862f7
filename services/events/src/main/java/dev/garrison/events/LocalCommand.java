package dev.garrison.events;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A command the operator declared in {@code garrison.yaml} that rules may target by name, as
 * {@code arn:aws:events:REGION:ACCOUNT:command/NAME}; callers of the API can only pick among these.
 *
 * @param argv the program and its arguments, run without a shell
 * @param timeout how long one run may take before it is killed and counted as failed
 */
public record LocalCommand(List<String> argv, Duration timeout) {
    public LocalCommand {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs a program");
        }
        Objects.requireNonNull(timeout, "timeout");
    }
}
