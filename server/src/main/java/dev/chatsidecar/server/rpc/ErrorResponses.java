package dev.chatsidecar.server.rpc;

import com.google.gson.JsonElement;
import dev.chatsidecar.protocol.ErrorData;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.chat.RequestFailure;
import dev.chatsidecar.server.log.Log;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;

/**
 * The one place that builds error responses. Every error carries the contract's {@code data}
 * object ({@code type}, {@code message}, {@code hint}, {@code retryable}), also the JSON-RPC level
 * ones (-32700, -32600, -32601, -32002: {@code type} {@code invalid_request}), never a stack trace.
 * Codes come from LSP4J's {@link ResponseErrorCode} where it has them, else from {@link ErrorType}.
 */
public final class ErrorResponses {
    private static final Log LOG = Log.get(ErrorResponses.class);
    private static final String SEE_DOCS = "Check the message against docs/protocol.md.";

    private ErrorResponses() {
    }

    /** -32700: the bytes are not one JSON value. */
    public static ResponseError parseError(String message) {
        return jsonRpc(ResponseErrorCode.ParseError, message, SEE_DOCS);
    }

    /** -32600: JSON, but not a valid request object. */
    public static ResponseError invalidRequest(String message) {
        return jsonRpc(ResponseErrorCode.InvalidRequest, message, SEE_DOCS);
    }

    /** -32600 with its own hint (lifecycle refusals, duplicate ids). */
    public static ResponseError invalidRequest(String message, String hint) {
        return jsonRpc(ResponseErrorCode.InvalidRequest, message, hint);
    }

    /** -32601: a request for a method the sidecar does not have. */
    public static ResponseError methodNotFound(String method) {
        return jsonRpc(ResponseErrorCode.MethodNotFound, "Unsupported request method: " + method,
                "See docs/protocol.md for the methods of this sidecar.");
    }

    /** -32002: a request before {@code initialize}. */
    public static ResponseError notInitialized() {
        return jsonRpc(ResponseErrorCode.ServerNotInitialized, "Server not initialized: send \"initialize\" first.",
                "Send \"initialize\" (and then \"initialized\") before other requests.");
    }

    /** -32602 {@code invalid_request}: params of the wrong shape. */
    public static ResponseError invalidParams(String message, String hint) {
        return of(new ErrorData(ErrorType.INVALID_REQUEST, message, hint, false));
    }

    /** -32017 {@code overloaded}: refused by admission control; the client may send it again later. */
    public static ResponseError overloaded(String message) {
        return of(new ErrorData(ErrorType.OVERLOADED, message,
                "Wait for running requests to finish, then send it again (fewer or smaller requests at once).", true));
    }

    /** -32603 {@code internal}: a bug; the message names the exception, never its stack. */
    public static ResponseError internal(Throwable bug) {
        return fromFailure(RequestFailure.internal(bug, null));
    }

    /**
     * How a failure escaping a method becomes a response (LSP4J's {@code RemoteEndpoint} exception
     * handler): its own error when it carries one, {@code overloaded} when the worker pool refused
     * the work, else {@code internal} — never with a stack trace as its data.
     */
    public static ResponseError fromThrowable(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof ResponseErrorException e) {
            return normalized(e.getResponseError());
        }
        if (cause instanceof RejectedExecutionException) {
            return overloaded("Too many requests are waiting for a worker thread.");
        }
        LOG.error("unexpected failure in a request", cause);
        return internal(cause);
    }

    /** The error of a failed request, with its code fixed by its type. */
    public static ResponseError fromFailure(RequestFailure failure) {
        return of(failure.data());
    }

    /**
     * The error as the contract wants it: {@code data} is an {@link ErrorData}. LSP4J builds some
     * errors itself (a cancelled plain future: -32800 without data); they get a data object here.
     */
    public static ResponseError normalized(ResponseError error) {
        if (error.getData() instanceof ErrorData) {
            return error;
        }
        ErrorType type = error.getCode() == ErrorType.CANCELLED.code() ? ErrorType.CANCELLED
                : error.getCode() == ErrorType.INTERNAL.code() ? ErrorType.INTERNAL : ErrorType.INVALID_REQUEST;
        ErrorData data = new ErrorData(type, error.getMessage(),
                type == ErrorType.INTERNAL ? "Retry; if it happens again, report it with the sidecar's log (stderr)."
                        : type == ErrorType.CANCELLED ? "Send the request again for an answer." : SEE_DOCS,
                type != ErrorType.INVALID_REQUEST);
        if (type == ErrorType.CANCELLED) {
            data.partialText = "";
        }
        return new ResponseError(error.getCode(), error.getMessage(), data);
    }

    /** A response carrying {@code error} for the request {@code id} ({@code null}: id unknown). */
    public static ResponseMessage response(Either<String, Number> id, ResponseError error) {
        ResponseMessage response = new ResponseMessage();
        response.setJsonrpc("2.0");
        response.setRawId(id);
        response.setError(error);
        return response;
    }

    /** The id of a parsed request as LSP4J keeps it; {@code null} for anything but a string or a number. */
    public static Either<String, Number> idOf(JsonElement id) {
        if (id == null || !id.isJsonPrimitive()) {
            return null;
        }
        return id.getAsJsonPrimitive().isString() ? Either.forLeft(id.getAsString())
                : id.getAsJsonPrimitive().isNumber() ? Either.forRight(id.getAsInt()) : null;
    }

    private static ResponseError of(ErrorData data) {
        return new ResponseError(ErrorType.fromWireName(data.type).code(), data.message, data);
    }

    private static ResponseError jsonRpc(ResponseErrorCode code, String message, String hint) {
        return new ResponseError(code, message, new ErrorData(ErrorType.INVALID_REQUEST, message, hint, false));
    }
}
