package dev.garrison.platform.storage;

/** Storage failed; the message names the step, never the data. */
public final class StorageException extends RuntimeException {
    StorageException(String step, Throwable cause) {
        super("storage failed while " + step + ": " + cause.getMessage(), cause);
    }
}
