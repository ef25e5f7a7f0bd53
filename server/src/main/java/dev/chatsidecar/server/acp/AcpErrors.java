package dev.chatsidecar.server.acp;

import dev.chatsidecar.protocol.ErrorData;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.chat.RequestFailure;
import dev.chatsidecar.server.rpc.ErrorResponses;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/**
 * JSON-RPC errors of the ACP methods. Every one carries the contract's {@code data} object
 * ({@code type}, {@code message}, {@code hint}, {@code retryable}, …) with the type's fixed code,
 * exactly as {@code chat/complete} does, so a client can show the hint.
 */
final class AcpErrors {
    private AcpErrors() {
    }

    /** Params that do not match the ACP schema; the message names the member. */
    static final class InvalidParams extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidParams(String message) {
            super(message);
        }
    }

    static ResponseError invalidParams(String message) {
        return invalid("Invalid params: " + message + ".",
                "Check the request against the ACP schema (agentclientprotocol.com) and docs/acp.md.");
    }

    static ResponseError invalid(String message, String hint) {
        ErrorData data = new ErrorData(ErrorType.INVALID_REQUEST, message, hint, false);
        return new ResponseError(ErrorType.INVALID_REQUEST.code(), message, data);
    }

    /** -32601: a request this agent does not have; {@code message} names the ones it has. */
    static ResponseError methodNotFound(String message) {
        ErrorData data = new ErrorData(ErrorType.INVALID_REQUEST, message,
                "See docs/acp.md for the ACP methods this agent supports.", false);
        return new ResponseError(ResponseErrorCode.MethodNotFound, message, data);
    }

    /** {@code overloaded}: the worker pool's queue is full; the client may send the request again later. */
    static RequestFailure overloaded() {
        ResponseError error = ErrorResponses.overloaded("Too many requests are waiting for a worker thread.");
        return new RequestFailure(ErrorType.OVERLOADED, (ErrorData) error.getData());
    }

    static ResponseError of(RequestFailure failure) {
        return new ResponseError(failure.type().code(), failure.data().message, failure.data());
    }

    static <T> CompletableFuture<T> failed(ResponseError error) {
        return CompletableFuture.failedFuture(new ResponseErrorException(error));
    }

    static <T> CompletableFuture<T> failed(InvalidParams e) {
        return failed(invalidParams(e.getMessage()));
    }
}
