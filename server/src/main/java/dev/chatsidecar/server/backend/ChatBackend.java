package dev.chatsidecar.server.backend;

import dev.chatsidecar.protocol.ModelInfo;
import dev.chatsidecar.server.log.Log;
import dev.chatsidecar.server.settings.Settings;
import java.util.List;

/**
 * A source of streamed chat answers (the ChatGPT web backend, an OpenAI-compatible server, an
 * embedded model ...). One call to {@link #complete} answers one request: it reports text through
 * the sink as it arrives, returns how the answer ended, or throws a typed {@link BackendException}.
 * Implementations must be safe for concurrent requests.
 */
public interface ChatBackend extends AutoCloseable {

    /** The provider name reported in {@code chat/models} ({@code chatgpt}, {@code openai}, {@code local}). */
    String provider();

    /**
     * The models this backend serves under the given settings, with their aliases. May use a cache;
     * must not throw: a backend that cannot list its models returns them marked unavailable.
     */
    List<ModelInfo> models(Settings settings);

    /**
     * Streams one answer. Calls {@link DeltaSink#accepted()} once the upstream has accepted the
     * request (before the first delta), then {@link DeltaSink#delta} for each piece of text.
     * When {@code cancel} fires, the upstream call must be aborted promptly; what the method throws
     * then does not matter.
     */
    BackendResult complete(BackendRequest request, DeltaSink sink, CancelSignal cancel)
            throws BackendException;

    /** Releases connections and background work. */
    @Override
    default void close() {
    }

    /** Closes every backend; a failure to close one is logged and does not stop the others. */
    static void closeAll(List<ChatBackend> backends) {
        for (ChatBackend backend : backends) {
            try {
                backend.close();
            } catch (Exception e) {
                Log.get(ChatBackend.class).debug("closing backend " + backend.provider() + ": " + e);
            }
        }
    }
}
