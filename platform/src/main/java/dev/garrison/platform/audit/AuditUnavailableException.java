package dev.garrison.platform.audit;

/** The audit trail cannot record: the call must not be answered as if it were recorded. */
public final class AuditUnavailableException extends RuntimeException {
    public AuditUnavailableException(String message) {
        super(message, null, false, false);
    }
}
