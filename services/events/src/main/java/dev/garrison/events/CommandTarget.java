package dev.garrison.events;

import dev.garrison.platform.core.CommonErrors;
import dev.garrison.platform.events.DeliveryFailure;
import dev.garrison.platform.events.EventTarget;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a declared {@link LocalCommand} with the payload on its standard input. Exit status 0 is
 * success; another status, or running past the timeout (the process is then killed), is a failure
 * worth retrying.
 */
final class CommandTarget implements EventTarget {
    private static final String RESOURCE = "command/";

    private final Map<String, LocalCommand> commands;

    CommandTarget(Map<String, LocalCommand> commands) {
        this.commands = Map.copyOf(commands);
    }

    @Override
    public boolean accepts(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length == 6 && parts[0].equals("arn") && parts[2].equals("events") && parts[5].startsWith(RESOURCE);
    }

    @Override
    public void check(String arn, String account, String region) {
        String[] parts = arn.split(":", 6);
        String name = parts[5].substring(RESOURCE.length());
        if (!parts[3].equals(region) || !parts[4].equals(account)) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "Command target " + arn
                    + " must name this account and region.");
        }
        if (!commands.containsKey(name)) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "No local command named '" + name
                    + "' is declared (event-commands in garrison.yaml).");
        }
    }

    @Override
    public void deliver(String arn, byte[] payload, Map<String, String> headers, Map<String, String> query)
            throws DeliveryFailure {
        String name = arn.split(":", 6)[5].substring(RESOURCE.length());
        LocalCommand command = commands.get(name);
        if (command == null) {
            throw new DeliveryFailure("no local command named '" + name + "' is declared any more", false);
        }
        Process process;
        try {
            process = new ProcessBuilder(command.argv()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new DeliveryFailure("command '" + name + "' could not be started: " + e.getMessage(), true);
        }
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(payload);
            } catch (IOException e) {
                // the command closed its input early; its exit status decides
            }
            if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new DeliveryFailure("command '" + name + "' ran past its timeout of "
                        + command.timeout().toSeconds() + " s and was killed", true);
            }
            if (process.exitValue() != 0) {
                throw new DeliveryFailure("command '" + name + "' exited with status " + process.exitValue(), true);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DeliveryFailure("interrupted", true);
        }
    }
}
