package dev.chatsidecar.server.rpc;

import dev.chatsidecar.server.log.Log;
import dev.chatsidecar.server.settings.Settings;
import dev.chatsidecar.server.settings.SettingsStore;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;

/**
 * The requests received and not yet answered, and the admission control over them. A request is
 * admitted ({@link #admit}) when its id is not already in flight and it fits the {@link RequestLimits}
 * (count and frame bytes; a request always fits when nothing else is in flight); it leaves when its
 * response passes through {@link #consume}, which every response to an admitted request does on its
 * way to the writer. On that way error responses also get the contract's {@code data}.
 *
 * <p>Ids are compared as LSP4J keys them (their text: {@code 1} and {@code "1"} are the same id).
 */
public final class RequestsInFlight implements MessageConsumer {
    private static final Log LOG = Log.get(RequestsInFlight.class);

    private final MessageConsumer out;
    private final SettingsStore settings;
    private final Consumer<RequestLimits> onLimitsChanged;
    private final Map<String, Integer> bytesById = new HashMap<>();
    private long bytesInFlight;
    private Settings limitsFrom;
    private RequestLimits limits;

    /**
     * @param out             where responses go (the writer)
     * @param onLimitsChanged told the limits whenever the settings change them (the worker pool's size)
     */
    public RequestsInFlight(MessageConsumer out, SettingsStore settings, Consumer<RequestLimits> onLimitsChanged) {
        this.out = out;
        this.settings = settings;
        this.onLimitsChanged = onLimitsChanged;
    }

    /**
     * Admits the request {@code id} whose frame had {@code bytes}, or says why not: -32600 when the id
     * is already in flight, {@code overloaded} when it does not fit the limits.
     */
    public synchronized ResponseError admit(String id, int bytes) {
        RequestLimits current = limits();
        if (bytesById.containsKey(id)) {
            return ErrorResponses.invalidRequest("Invalid request: id " + id + " is already used by a request in flight.",
                    "Use a new id for each request; the running request with this id goes on.");
        }
        if (bytesById.size() >= current.maxRequests()) {
            LOG.warn("refused request " + id + ": " + bytesById.size() + " requests in flight (limit "
                    + current.maxRequests() + ")");
            return ErrorResponses.overloaded("Too many requests in flight: " + bytesById.size()
                    + " are running or waiting (limit " + current.maxRequests() + ").");
        }
        if (!bytesById.isEmpty() && bytesInFlight + bytes > current.maxBytes()) {
            LOG.warn("refused request " + id + " of " + bytes + " bytes: " + bytesInFlight + " bytes in flight (limit "
                    + current.maxBytes() + ")");
            return ErrorResponses.overloaded("Too much request data in flight: " + bytesInFlight + " bytes are held by "
                    + bytesById.size() + " requests, and this one has " + bytes + " (limit " + current.maxBytes() + ").");
        }
        bytesById.put(id, bytes);
        bytesInFlight += bytes;
        return null;
    }

    /** Passes a message on to the writer; a response also ends its request's stay here. */
    @Override
    public void consume(Message message) {
        if (message instanceof ResponseMessage response) {
            release(response.getId());
            if (response.getError() != null) {
                response.setError(ErrorResponses.normalized(response.getError()));
            }
        }
        out.consume(message);
    }

    /** The number of requests in flight. */
    public synchronized int count() {
        return bytesById.size();
    }

    /** The frame bytes held by requests in flight. */
    public synchronized long bytes() {
        return bytesInFlight;
    }

    private synchronized void release(String id) {
        Integer bytes = id == null ? null : bytesById.remove(id);
        if (bytes != null) {
            bytesInFlight -= bytes;
        }
    }

    private RequestLimits limits() {
        Settings current = settings.current();
        if (current != limitsFrom) {
            limitsFrom = current;
            RequestLimits next = RequestLimits.from(current);
            if (!next.sameAs(limits)) {
                limits = next;
                onLimitsChanged.accept(next);
            }
        }
        return limits;
    }
}
