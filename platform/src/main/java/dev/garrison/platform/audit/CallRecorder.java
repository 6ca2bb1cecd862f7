package dev.garrison.platform.audit;

/** Where the front door records each call before answering it. */
public interface CallRecorder {
    /** False while records cannot be written: calls are refused rather than run unrecorded. */
    boolean healthy();

    /** Returns once {@code event} is durable; throws {@link AuditUnavailableException} when it cannot be. */
    void append(AuditEvent event);
}
