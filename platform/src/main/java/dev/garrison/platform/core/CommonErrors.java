package dev.garrison.platform.core;

import org.jspecify.annotations.Nullable;

/**
 * The errors every AWS service shares. AWS spells several of them differently in the JSON and
 * the Query protocols ({@code UnrecognizedClientException} 400 versus {@code InvalidClientTokenId}
 * 403); a {@link CommonError} carries both and the protocol writer picks.
 */
public final class CommonErrors {
    /** The shared errors, with their JSON and Query spellings. */
    public enum Kind {
        VALIDATION("ValidationException", 400, "ValidationError", 400),
        SERIALIZATION("SerializationException", 400, "MalformedInput", 400),
        UNKNOWN_OPERATION("UnknownOperationException", 400, "InvalidAction", 400),
        MISSING_ACTION("UnknownOperationException", 400, "MissingAction", 400),
        MISSING_AUTHENTICATION("MissingAuthenticationTokenException", 400, "MissingAuthenticationToken", 403),
        INCOMPLETE_SIGNATURE("IncompleteSignatureException", 400, "IncompleteSignature", 400),
        UNRECOGNIZED_CLIENT("UnrecognizedClientException", 400, "InvalidClientTokenId", 403),
        INVALID_SIGNATURE("InvalidSignatureException", 400, "SignatureDoesNotMatch", 403),
        EXPIRED_TOKEN("ExpiredTokenException", 400, "ExpiredToken", 403),
        ACCESS_DENIED("AccessDeniedException", 400, "AccessDenied", 403),
        REQUEST_TOO_LARGE("RequestEntityTooLargeException", 413, "RequestEntityTooLarge", 413),
        UNSUPPORTED_MEDIA_TYPE("UnsupportedMediaTypeException", 415, "UnsupportedMediaType", 415),
        NOT_IMPLEMENTED("NotImplementedException", 501, "NotImplemented", 501),
        SERVICE_UNAVAILABLE("ServiceUnavailableException", 503, "ServiceUnavailable", 503),
        INTERNAL_FAILURE("InternalFailure", 500, "InternalFailure", 500);

        final String jsonCode;
        final int jsonStatus;
        final String queryCode;
        final int queryStatus;

        Kind(String jsonCode, int jsonStatus, String queryCode, int queryStatus) {
            this.jsonCode = jsonCode;
            this.jsonStatus = jsonStatus;
            this.queryCode = queryCode;
            this.queryStatus = queryStatus;
        }
    }

    /** A shared error; {@link #code()} and {@link #httpStatus()} give the JSON spelling. */
    public static final class CommonError extends AwsException {
        private final Kind kind;

        CommonError(Kind kind, @Nullable String message) {
            super(kind.jsonCode, kind.jsonStatus, kind.jsonStatus >= 500 ? Fault.RECEIVER : Fault.SENDER, message);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }

        public String queryCode() {
            return kind.queryCode;
        }

        public int queryStatus() {
            return kind.queryStatus;
        }
    }

    private CommonErrors() {}

    public static CommonError of(Kind kind, @Nullable String message) {
        return new CommonError(kind, message);
    }

    public static CommonError notImplemented(String service, String operation) {
        return of(Kind.NOT_IMPLEMENTED, "Garrison does not implement " + service + ":" + operation + " yet.");
    }

    public static CommonError validation(ShapeValidation validation) {
        return of(Kind.VALIDATION, validation.message());
    }

    public static CommonError serialization(String message) {
        return of(Kind.SERIALIZATION, message);
    }

    public static CommonError internal() {
        return of(Kind.INTERNAL_FAILURE, "The request processing has failed because of an unknown error, exception or failure.");
    }
}
