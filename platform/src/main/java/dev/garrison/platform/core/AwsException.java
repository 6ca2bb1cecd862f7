package dev.garrison.platform.core;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An AWS error: a code, an HTTP status and a fault. Generated exceptions carry the values their
 * model declares; {@link CommonErrors} builds the errors every service shares. Errors are
 * control flow, so they carry no stack trace.
 */
public class AwsException extends RuntimeException {
    private final String code;
    private final int httpStatus;
    private final Fault fault;

    public AwsException(String code, int httpStatus, Fault fault, @Nullable String message) {
        super(message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
        this.fault = fault;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public Fault fault() {
        return fault;
    }

    /** Members of the error shape other than the message, keyed by model member name. */
    public Map<String, Object> members() {
        return Map.of();
    }
}
