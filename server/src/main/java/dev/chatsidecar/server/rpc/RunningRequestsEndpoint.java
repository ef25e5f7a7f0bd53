package dev.chatsidecar.server.rpc;

import dev.chatsidecar.server.log.Log;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.lsp4j.jsonrpc.Endpoint;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.CancelParams;
import org.eclipse.lsp4j.jsonrpc.messages.NotificationMessage;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;

/**
 * LSP4J's {@link RemoteEndpoint}, with {@code $/cancelRequest} looked up among the requests running
 * now. LSP4J forgets a request by its id only after its response went out, and then whatever request
 * holds that id: once the id has left the {@link RequestsInFlight} (on the way to the writer) the client
 * may reuse it, and the new request was forgotten in its place, so its cancel was dropped. Here a
 * request is forgotten only as itself.
 *
 * <p>Requests and cancels arrive on the reader's thread, one at a time.
 */
public final class RunningRequestsEndpoint extends RemoteEndpoint {
    private static final Log LOG = Log.get(RunningRequestsEndpoint.class);

    private final Capturing local;
    private final Map<String, CompletableFuture<?>> running = new ConcurrentHashMap<>();

    public RunningRequestsEndpoint(MessageConsumer out, Endpoint localEndpoint,
                                   Function<Throwable, ResponseError> exceptionHandler) {
        this(out, new Capturing(localEndpoint), exceptionHandler);
    }

    private RunningRequestsEndpoint(MessageConsumer out, Capturing local,
                                    Function<Throwable, ResponseError> exceptionHandler) {
        super(out, local, exceptionHandler);
        this.local = local;
    }

    @Override
    protected void handleRequest(RequestMessage request) {
        local.last = null;
        super.handleRequest(request);
        CompletableFuture<?> future = local.last;
        local.last = null;
        if (future != null && !future.isDone()) {
            String id = request.getId();
            running.put(id, future);
            future.whenComplete((result, failure) -> running.remove(id, future));
        }
    }

    @Override
    protected boolean handleCancellation(NotificationMessage notification) {
        if (!MessageJsonHandler.CANCEL_METHOD.getMethodName().equals(notification.getMethod())
                || !(notification.getParams() instanceof CancelParams params)) {
            return super.handleCancellation(notification);
        }
        CompletableFuture<?> future = running.get(params.getId());
        if (future != null) {
            future.cancel(true);
        } else {
            LOG.debug("cancel for an unknown or finished request id " + params.getId() + "; ignored");
        }
        return true;
    }

    /** The local endpoint, remembering the future of the request it was last asked (reader's thread only). */
    private static final class Capturing implements Endpoint {
        private final Endpoint delegate;
        private CompletableFuture<?> last;

        Capturing(Endpoint delegate) {
            this.delegate = delegate;
        }

        @Override
        public CompletableFuture<?> request(String method, Object parameter) {
            CompletableFuture<?> future = delegate.request(method, parameter);
            last = future;
            return future;
        }

        @Override
        public void notify(String method, Object parameter) {
            delegate.notify(method, parameter);
        }
    }
}
