package dev.chatsidecar.server.chat;

import dev.chatsidecar.protocol.ErrorData;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.upstream.BackendException;

/** How a {@code chat/complete} request failed, ready to become a JSON-RPC error. */
public final class RequestFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorType type;
    private final transient ErrorData data;

    public RequestFailure(ErrorType type, ErrorData data) {
        super(data.message);
        this.type = type;
        this.data = data;
    }

    public static RequestFailure invalidParams(String message) {
        return new RequestFailure(ErrorType.INVALID_REQUEST, new ErrorData(ErrorType.INVALID_REQUEST,
                "Invalid params: " + message + ".", "Fix the request; see docs/protocol.md for the shape of chat/complete.",
                false));
    }

    public static RequestFailure from(BackendException e, String partialText) {
        ErrorData data = new ErrorData(e.type(), e.getMessage(), e.hint(), e.retryable());
        data.httpStatus = e.httpStatus();
        data.retryAfterMs = e.retryAfterMs();
        data.partialText = partialText == null || partialText.isEmpty() ? null : partialText;
        return new RequestFailure(e.type(), data);
    }

    public static RequestFailure cancelled(String partialText) {
        ErrorData data = new ErrorData(ErrorType.CANCELLED, "The request was cancelled.",
                "The partial answer is kept; send the request again for a complete one.", true);
        data.partialText = partialText == null ? "" : partialText;
        return new RequestFailure(ErrorType.CANCELLED, data);
    }

    public static RequestFailure internal(Throwable bug, String partialText) {
        ErrorData data = new ErrorData(ErrorType.INTERNAL, "Internal error (a bug in chat-sidecar): " + bug,
                "Retry; if it happens again, report it with the sidecar's log (stderr).", true);
        data.partialText = partialText == null || partialText.isEmpty() ? null : partialText;
        return new RequestFailure(ErrorType.INTERNAL, data);
    }

    public ErrorType type() {
        return type;
    }

    public ErrorData data() {
        return data;
    }
}
