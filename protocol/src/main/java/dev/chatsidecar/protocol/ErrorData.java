package dev.chatsidecar.protocol;

/**
 * The {@code data} member of every error response. {@code type}, {@code message}, {@code hint}
 * and {@code retryable} are always set; the others only when they apply.
 */
public class ErrorData {
    public String type;
    public String message;
    public String hint;
    public boolean retryable;
    public Long retryAfterMs;
    public Integer httpStatus;
    public String partialText;

    public ErrorData() {
    }

    public ErrorData(ErrorType type, String message, String hint, boolean retryable) {
        this.type = type.wireName();
        this.message = message;
        this.hint = hint;
        this.retryable = retryable;
    }
}
