package dev.garrison.platform.audit;

import java.util.function.Supplier;

/** Where the front door records each call before answering it. */
public interface CallRecorder {
    /** False while records cannot be written: calls are refused rather than run unrecorded. */
    boolean healthy();

    /**
     * Builds the record and returns once it is durable; throws {@link AuditUnavailableException}
     * when it cannot be. A supplier, so a recorder that keeps nothing builds nothing.
     */
    void record(Supplier<AuditEvent> event);
}
