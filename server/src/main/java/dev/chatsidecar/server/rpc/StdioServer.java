package dev.chatsidecar.server.rpc;

import dev.chatsidecar.server.ElasticThreadPool;
import dev.chatsidecar.server.backend.ChatBackend;
import dev.chatsidecar.server.backend.ModelCatalog;
import dev.chatsidecar.server.log.Log;
import dev.chatsidecar.server.rpc.framing.ContentLengthFraming;
import dev.chatsidecar.server.rpc.framing.Framing;
import dev.chatsidecar.server.settings.SettingsStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethod;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;

/**
 * Wires one JSON-RPC session:
 * {@link Framing} → {@link MessageReader} (parse once, admit) → {@link LifecycleGate} → LSP4J
 * {@link RemoteEndpoint} → {@link SidecarEndpoint} → {@link SidecarService}; every response goes back
 * through {@link RequestsInFlight} (which frees its admission) to the single {@link OutboundWriter}.
 */
public final class StdioServer {
    private static final Log LOG = Log.get(StdioServer.class);

    private final OutboundWriter writer;
    private final MessageReader reader;
    private final LifecycleGate gate;
    private final SidecarService service;
    private final Lifecycle lifecycle;
    private final RequestsInFlight inFlight;
    private final SessionEnd end;
    private volatile IntConsumer exit;

    /** The LSP {@code Content-Length} framing on {@code in}/{@code out}. */
    public StdioServer(InputStream in, OutputStream out, List<ChatBackend> backends, SettingsStore settings,
                       IntConsumer exit) {
        this(new ContentLengthFraming(in), out, backends, settings, exit);
    }

    /**
     * @param framing reads the input and frames the output
     * @param exit    called with the process exit code when the session ends ({@code exit}, end of input,
     *                parent death, stdout closed); production passes {@code System::exit}
     */
    public StdioServer(Framing framing, OutputStream out, List<ChatBackend> backends, SettingsStore settings,
                       IntConsumer exit) {
        this.exit = exit;
        // routes come from a table, not from LSP4J's annotation reflection (see SidecarEndpoint: start-up)
        Map<String, JsonRpcMethod> methods = SidecarEndpoint.supportedMethods();
        MessageJsonHandler json = new MessageJsonHandler(methods);
        this.writer = new OutboundWriter(out, framing, json);
        RequestLimits limits = RequestLimits.from(settings.current());
        ElasticThreadPool workers = new ElasticThreadPool("chat-worker-", limits.workerThreads(), limits.maxRequests());
        this.inFlight = new RequestsInFlight(writer, settings, next -> workers.setMaximumPoolSize(next.workerThreads()));
        this.lifecycle = new Lifecycle();
        ModelCatalog catalog = new ModelCatalog(backends);
        this.service = new SidecarService(settings, catalog, writer, lifecycle, workers,
                code -> stop(code));
        this.end = new SessionEnd(service::cancelAll, writer, backends, catalog, workers,
                code -> this.exit.accept(code));
        RemoteEndpoint endpoint = new RunningRequestsEndpoint(inFlight, new SidecarEndpoint(service),
                ErrorResponses::fromThrowable);
        json.setMethodProvider(endpoint);
        this.gate = new LifecycleGate(lifecycle, endpoint, inFlight);
        this.reader = new MessageReader(framing, inFlight, writer);
        writer.onBroken(() -> stop(1));
    }

    /**
     * Reads the input on the calling thread until it ends, then ends the session: running requests
     * are aborted and {@code exit} gets 0 after {@code shutdown}, else 1.
     */
    public void run(IntConsumer exit) {
        this.exit = exit;
        writer.handOffFrom(Thread.currentThread());
        reader.listen(gate);
        LOG.info("input ended; stopping");
        stop(lifecycle.isShutDown() ? 0 : 1);
    }

    private void stop(int code) {
        end.end(code);
    }

    public SidecarService service() {
        return service;
    }

    /** The requests received and not yet answered (tests, diagnostics). */
    public RequestsInFlight requestsInFlight() {
        return inFlight;
    }
}
