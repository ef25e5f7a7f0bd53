package dev.chatsidecar.server.rpc;

import dev.chatsidecar.server.ElasticThreadPool;
import dev.chatsidecar.server.backend.ChatBackend;
import dev.chatsidecar.server.backend.ModelCatalog;
import dev.chatsidecar.server.log.Log;
import dev.chatsidecar.server.settings.SettingsStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.IntConsumer;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethod;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;

/**
 * Wires one JSON-RPC session: {@link FrameReader} (stdin) → LSP4J {@link RemoteEndpoint} →
 * {@link SidecarService}, and every reply through the single {@link OutboundWriter} (stdout).
 */
public final class StdioServer {
    private static final Log LOG = Log.get(StdioServer.class);

    private final OutboundWriter writer;
    private final FrameReader reader;
    private final RemoteEndpoint endpoint;
    private final SidecarService service;
    private final ExecutorService workers;
    private final List<ChatBackend> backends;
    private final Lifecycle lifecycle;

    /**
     * @param exit called with the process exit code when the session ends ({@code exit}, end of input,
     *             parent death); production passes {@code System::exit}
     */
    public StdioServer(InputStream in, OutputStream out, List<ChatBackend> backends, SettingsStore settings,
                       IntConsumer exit) {
        this.backends = backends;
        // routes come from a table, not from LSP4J's annotation reflection (see SidecarEndpoint: start-up)
        Map<String, JsonRpcMethod> methods = SidecarEndpoint.supportedMethods();
        MessageJsonHandler json = new MessageJsonHandler(methods);
        this.writer = new OutboundWriter(out, json);
        this.workers = ElasticThreadPool.create("chat-worker-");
        this.lifecycle = new Lifecycle();
        this.service = new SidecarService(settings, new ModelCatalog(backends), writer, lifecycle, workers,
                code -> stop(exit, code));
        this.endpoint = new RemoteEndpoint(writer, new SidecarEndpoint(service));
        json.setMethodProvider(endpoint);
        this.reader = new FrameReader(in, json, writer, lifecycle);
    }

    /**
     * Reads stdin on the calling thread until it ends, then ends the session: running requests are
     * aborted and {@code exit} gets 0 after {@code shutdown}, else 1.
     */
    public void run(IntConsumer exit) {
        reader.listen(endpoint);
        LOG.info("input ended; stopping");
        stop(exit, lifecycle.isShutDown() ? 0 : 1);
    }

    private boolean stopped;

    private synchronized void stop(IntConsumer exit, int code) {
        if (stopped) {
            return;
        }
        stopped = true;
        service.cancelAll();
        writer.flush(1000);
        ChatBackend.closeAll(backends);
        workers.shutdownNow();
        writer.close();
        exit.accept(code);
    }

    public SidecarService service() {
        return service;
    }
}
