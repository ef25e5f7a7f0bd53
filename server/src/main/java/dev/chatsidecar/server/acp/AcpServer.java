package dev.chatsidecar.server.acp;

import dev.chatsidecar.server.ElasticThreadPool;
import dev.chatsidecar.server.backend.ChatBackend;
import dev.chatsidecar.server.backend.ModelCatalog;
import dev.chatsidecar.server.log.Log;
import dev.chatsidecar.server.rpc.ErrorResponses;
import dev.chatsidecar.server.rpc.MessageReader;
import dev.chatsidecar.server.rpc.OutboundWriter;
import dev.chatsidecar.server.rpc.RequestLimits;
import dev.chatsidecar.server.rpc.RequestsInFlight;
import dev.chatsidecar.server.rpc.RunningRequestsEndpoint;
import dev.chatsidecar.server.rpc.SessionEnd;
import dev.chatsidecar.server.rpc.framing.Framing;
import dev.chatsidecar.server.rpc.framing.NewlineFraming;
import dev.chatsidecar.server.settings.SettingsStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.function.IntConsumer;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;

/**
 * {@code --acp}: the Agent Client Protocol over stdio, on the same JSON-RPC stack as {@code --stdio}:
 * {@link NewlineFraming} → {@link MessageReader} (parse once, answer malformed input, admit with
 * {@link RequestsInFlight}) → {@link CancelRequestTranslation} (ACP's {@code $/cancel_request}) →
 * LSP4J {@link RemoteEndpoint} → {@link AcpEndpoint} → {@link AcpService}; responses go back through
 * {@link RequestsInFlight} to the single {@link OutboundWriter}, which also carries the service's
 * {@code session/update} notifications. There is no LSP lifecycle: ACP has no {@code shutdown}.
 * The session ends at end of input (exit code 0) or when the client closes stdout (exit code 1);
 * either way running prompts are aborted and the backends released first.
 */
public final class AcpServer {
    private static final Log LOG = Log.get(AcpServer.class);

    /** The longest line accepted, in bytes (8 MiB: room for a prompt with embedded files). */
    public static final int MAX_LINE_BYTES = 8 * 1024 * 1024;

    private final OutboundWriter writer;
    private final MessageReader reader;
    private final CancelRequestTranslation entry;
    private final AcpService service;
    private final RequestsInFlight inFlight;
    private final SessionEnd end;

    /**
     * @param exit called once with the process exit code when the session ends (end of input, stdout
     *             closed); production passes {@code System::exit}
     */
    public AcpServer(InputStream in, OutputStream out, List<ChatBackend> backends, SettingsStore settings,
                     IntConsumer exit) {
        this(new NewlineFraming(in, MAX_LINE_BYTES), out, backends, settings, exit);
    }

    AcpServer(Framing framing, OutputStream out, List<ChatBackend> backends, SettingsStore settings,
              IntConsumer exit) {
        MessageJsonHandler json = new MessageJsonHandler(AcpEndpoint.supportedMethods());
        this.writer = new OutboundWriter(out, framing, json);
        RequestLimits limits = RequestLimits.from(settings.current());
        ElasticThreadPool workers = new ElasticThreadPool("acp-worker-", limits.workerThreads(), limits.maxRequests());
        this.inFlight = new RequestsInFlight(writer, settings,
                next -> workers.setMaximumPoolSize(next.workerThreads()));
        ModelCatalog catalog = new ModelCatalog(backends);
        this.service = new AcpService(settings, catalog, workers, writer::notify);
        this.end = new SessionEnd(service::cancelAll, writer, backends, catalog, workers, exit);
        RemoteEndpoint endpoint = new RunningRequestsEndpoint(inFlight, new AcpEndpoint(service),
                ErrorResponses::fromThrowable);
        json.setMethodProvider(endpoint);
        this.entry = new CancelRequestTranslation(endpoint);
        this.reader = new MessageReader(framing, inFlight, writer);
        writer.onBroken(() -> stop(1));
    }

    /** Reads the input on the calling thread until it ends, then ends the session with exit code 0. */
    public void run() {
        writer.handOffFrom(Thread.currentThread());
        reader.listen(entry);
        LOG.info("input ended; stopping");
        stop(0);
    }

    /** The requests received and not yet answered (tests, diagnostics). */
    RequestsInFlight requestsInFlight() {
        return inFlight;
    }

    private void stop(int code) {
        end.end(code);
    }
}
