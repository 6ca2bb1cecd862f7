package dev.garrison.platform.events;

/** A delivery to a target failed; {@code retryable} says whether trying again may succeed. */
public final class DeliveryFailure extends Exception {
    private final boolean retryable;

    public DeliveryFailure(String message, boolean retryable) {
        super(message, null, false, false);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
