package dev.chatsidecar.server.rpc;

import dev.chatsidecar.protocol.Methods;
import dev.chatsidecar.server.log.Log;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.NotificationMessage;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;

/**
 * Lets through only what the {@link Lifecycle} admits: nothing but {@code initialize} before it,
 * no second {@code initialize}, nothing new after {@code shutdown}. A refused request is answered
 * here (on {@code responses}); a notification before {@code initialize} is dropped, except
 * {@code exit} and {@code $/} ones.
 */
public final class LifecycleGate implements MessageConsumer {
    private static final Log LOG = Log.get(LifecycleGate.class);

    private final Lifecycle lifecycle;
    private final MessageConsumer next;
    private final MessageConsumer responses;

    public LifecycleGate(Lifecycle lifecycle, MessageConsumer next, MessageConsumer responses) {
        this.lifecycle = lifecycle;
        this.next = next;
        this.responses = responses;
    }

    @Override
    public void consume(Message message) {
        if (message instanceof RequestMessage request) {
            ResponseError refusal = refusal(request.getMethod());
            if (refusal != null) {
                responses.consume(ErrorResponses.response(request.getRawId(), refusal));
                return;
            }
        } else if (message instanceof NotificationMessage notification && !admitted(notification.getMethod())) {
            LOG.debug("ignored notification " + notification.getMethod() + " before initialize");
            return;
        }
        next.consume(message);
    }

    /** Why a request for {@code method} is refused now, or {@code null} when it may run. */
    private ResponseError refusal(String method) {
        Lifecycle.State state = lifecycle.state();
        boolean initialize = Methods.INITIALIZE.equals(method);
        if (state == Lifecycle.State.STARTED && !initialize) {
            return ErrorResponses.notInitialized();
        }
        if (state != Lifecycle.State.STARTED && initialize) {
            return ErrorResponses.invalidRequest("The server is already initialized.",
                    "Start a new sidecar process for a new session.");
        }
        if (state == Lifecycle.State.SHUT_DOWN && !Methods.SHUTDOWN.equals(method)) {
            return ErrorResponses.invalidRequest("The server is shutting down: only \"exit\" is accepted now.",
                    "Start a new sidecar process for a new session.");
        }
        return null;
    }

    private boolean admitted(String method) {
        return lifecycle.state() != Lifecycle.State.STARTED || Methods.EXIT.equals(method) || method.startsWith("$/");
    }
}
