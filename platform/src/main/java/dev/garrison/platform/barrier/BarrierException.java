package dev.garrison.platform.barrier;

/** The barrier could not seal or open a value. The message never contains the value. */
public final class BarrierException extends RuntimeException {
    public BarrierException(String message) {
        super(message);
    }
}
