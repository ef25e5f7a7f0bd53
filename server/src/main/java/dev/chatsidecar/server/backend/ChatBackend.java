package dev.chatsidecar.server.backend;

import dev.chatsidecar.protocol.ModelInfo;
import dev.chatsidecar.server.log.Log;
import dev.chatsidecar.server.settings.Settings;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
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
     * How this backend's model ids begin ({@code openai/}); empty for a backend whose ids are bare
     * (the ChatGPT backend). A prefixed id, or the prefix's name alone ({@code local}), belongs to
     * this backend and to no other: routing never crosses to another backend.
     */
    default String idPrefix() {
        return "";
    }

    /**
     * The models this backend serves under the given settings, with their aliases and
     * {@link ModelInfo#status}. May use a cache; must not throw: a backend that cannot list its
     * models returns them marked unavailable.
     */
    List<ModelInfo> models(Settings settings);

    /**
     * The model a request naming {@code id} (one that belongs to this backend) goes to. The default
     * accepts a listed id or alias and refuses anything else ({@link ModelRouting#pick}); a backend
     * whose server is the authority on its ids may pass an unlisted id through.
     *
     * @throws BackendException {@code invalid_request} naming the id and the available ids, or
     *                          {@code unreachable} when the backend has no model it can serve
     */
    default ModelInfo route(String id, Settings settings) throws BackendException {
        return ModelRouting.pick(this, id, models(settings));
    }

    /**
     * Streams one answer. Calls {@link DeltaSink#accepted()} once the upstream has accepted the
     * request (before the first delta), then {@link DeltaSink#delta} for each piece of text.
     * When {@code cancel} fires, the upstream call must be aborted promptly; what the method throws
     * then does not matter.
     */
    BackendResult complete(BackendRequest request, DeltaSink sink, CancelSignal cancel)
            throws BackendException;

    /**
     * What a real request to this backend just showed: {@code failure} is {@code null} when the
     * backend answered (or refused for a reason that is not about reaching it). Lets {@link #models}
     * follow the last contact instead of a stale cache.
     */
    default void contacted(Settings settings, BackendException failure) {
    }

    /**
     * Checks availability again now ({@code chat/models} with {@code refresh}); bounded in time.
     * Afterwards {@link #models} shows what the check found.
     */
    default void refresh(Settings settings) {
    }

    /**
     * Whether checking again later can change an unavailable listing: {@code true} for a server that
     * may come back; {@code false} when only the user can fix it (nothing configured).
     */
    default boolean worthRechecking(Settings settings) {
        return false;
    }

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
