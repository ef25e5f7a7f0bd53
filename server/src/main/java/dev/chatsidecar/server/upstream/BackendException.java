package dev.chatsidecar.server.upstream;

import dev.chatsidecar.protocol.ErrorType;

/**
 * A typed failure of a backend call: the contract's {@code data.type}, a plain-language message and
 * a hint about what the user can do. Messages must never contain secrets (cookies, tokens, keys).
 */
public class BackendException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorType type;
    private final String hint;
    private final boolean retryable;
    private final Integer httpStatus;
    private final Long retryAfterMs;

    public BackendException(ErrorType type, String message, String hint, boolean retryable,
                            Integer httpStatus, Long retryAfterMs, Throwable cause) {
        super(message, cause);
        this.type = type;
        this.hint = hint;
        this.retryable = retryable;
        this.httpStatus = httpStatus;
        this.retryAfterMs = retryAfterMs;
    }

    public BackendException(ErrorType type, String message, String hint, boolean retryable) {
        this(type, message, hint, retryable, null, null, null);
    }

    public static BackendException cancelled() {
        return new BackendException(ErrorType.CANCELLED, "The request was cancelled.",
                "Send the request again to get a new answer.", true);
    }

    public ErrorType type() {
        return type;
    }

    public String hint() {
        return hint;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The HTTP status that caused the failure, or {@code null}. */
    public Integer httpStatus() {
        return httpStatus;
    }

    /** When the backend said to retry, in milliseconds, or {@code null}. */
    public Long retryAfterMs() {
        return retryAfterMs;
    }

    /** A copy with another message prefix, e.g. naming the model. */
    public BackendException withMessage(String message) {
        return new BackendException(type, message, hint, retryable, httpStatus, retryAfterMs, getCause());
    }
}
