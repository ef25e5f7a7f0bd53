package dev.chatsidecar.server.rpc;

import dev.chatsidecar.server.backend.ChatBackend;
import dev.chatsidecar.server.backend.ModelCatalog;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.IntConsumer;

/**
 * The end of a server session ({@code --stdio} or {@code --acp}), done once whoever asks first (end
 * of input, {@code exit}, parent death, stdout closed): running requests are cancelled so their
 * partial answers go out, what is queued is written (1 s at most), then the backends, the model
 * list, the workers and the writer are closed and {@code exit} gets the code.
 */
public final class SessionEnd {
    private static final long FLUSH_MS = 1000;

    private final Runnable cancelAll;
    private final OutboundWriter writer;
    private final List<ChatBackend> backends;
    private final ModelCatalog catalog;
    private final ExecutorService workers;
    private final IntConsumer exit;
    private boolean ended; // guarded by this

    public SessionEnd(Runnable cancelAll, OutboundWriter writer, List<ChatBackend> backends, ModelCatalog catalog,
                      ExecutorService workers, IntConsumer exit) {
        this.cancelAll = cancelAll;
        this.writer = writer;
        this.backends = backends;
        this.catalog = catalog;
        this.workers = workers;
        this.exit = exit;
    }

    /** Ends the session with exit code {@code code}; later calls do nothing. */
    public synchronized void end(int code) {
        if (ended) {
            return;
        }
        ended = true;
        cancelAll.run();
        writer.flush(FLUSH_MS);
        ChatBackend.closeAll(backends);
        catalog.close();
        workers.shutdownNow();
        writer.close();
        exit.accept(code);
    }
}
