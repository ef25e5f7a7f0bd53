package dev.chatsidecar.server.acp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.chatsidecar.server.log.Log;
import java.math.BigDecimal;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.messages.CancelParams;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.NotificationMessage;

/**
 * Turns ACP's request cancellation, {@code $/cancel_request {requestId}}, into LSP4J's
 * {@code $/cancelRequest} with {@link CancelParams}, which its {@code RemoteEndpoint} answers by
 * cancelling the running request's future (a {@code session/prompt} then answers
 * {@code stopReason: "cancelled"}). Every other message passes unchanged; a cancel whose
 * {@code requestId} is not a string or a whole number is logged and dropped.
 */
final class CancelRequestTranslation implements MessageConsumer {
    static final String ACP_CANCEL_REQUEST = "$/cancel_request";
    private static final String LSP4J_CANCEL_REQUEST = "$/cancelRequest";
    private static final Log LOG = Log.get(CancelRequestTranslation.class);

    private final MessageConsumer next;

    CancelRequestTranslation(MessageConsumer next) {
        this.next = next;
    }

    @Override
    public void consume(Message message) {
        if (message instanceof NotificationMessage notification
                && ACP_CANCEL_REQUEST.equals(notification.getMethod())) {
            Either<String, Number> id = requestId(notification.getParams());
            if (id == null) {
                LOG.warn(ACP_CANCEL_REQUEST + " ignored: \"requestId\" must be a string or a whole number");
                return;
            }
            CancelParams params = new CancelParams();
            params.setRawId(id);
            NotificationMessage cancel = new NotificationMessage();
            cancel.setJsonrpc("2.0");
            cancel.setMethod(LSP4J_CANCEL_REQUEST);
            cancel.setParams(params);
            next.consume(cancel);
            return;
        }
        next.consume(message);
    }

    /** The id to cancel, as the reader keyed the request (an int for a number), or {@code null}. */
    private static Either<String, Number> requestId(Object params) {
        JsonElement id = params instanceof JsonObject object ? object.get("requestId") : null;
        if (id == null || !id.isJsonPrimitive()) {
            return null;
        }
        JsonPrimitive primitive = id.getAsJsonPrimitive();
        if (primitive.isString()) {
            return Either.forLeft(primitive.getAsString());
        }
        if (!primitive.isNumber()) {
            return null;
        }
        try {
            return Either.forRight(new BigDecimal(primitive.getAsString()).intValueExact());
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
    }
}
