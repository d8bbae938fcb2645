package io.tenantfleet;

/**
 * The one unchecked root of every failure the orchestrator reports. Its {@link ErrorCode} says
 * whether the caller gave bad input (exit 2) or an operation failed (exit 1); subclasses beside
 * their feature keep the offending values and build a one-line message that says what to do.
 */
public class OrchestratorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;

    public OrchestratorException(ErrorCode errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public OrchestratorException(ErrorCode errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }
}
