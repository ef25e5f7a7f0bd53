package dev.chatsidecar.server.chat;

import dev.chatsidecar.protocol.ChatCompleteParams;
import dev.chatsidecar.protocol.ChatCompleteResult;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.protocol.FinishReason;
import dev.chatsidecar.server.backend.BackendRequest;
import dev.chatsidecar.server.backend.BackendResult;
import dev.chatsidecar.server.backend.ModelCatalog;
import dev.chatsidecar.server.log.Log;
import dev.chatsidecar.server.settings.SettingKey;
import dev.chatsidecar.server.settings.Settings;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One {@code chat/complete}: resolves the model, asks its backend, and on a failure of a
 * {@link #FALLBACK_TYPES fallback type} before the backend accepted the request (so before
 * {@code begin} and any text) moves along the fallback chain (setting {@code fallback}).
 * Streams through a {@link ProgressSink} with exactly one {@code begin} and one {@code end}, and
 * produces the result or a {@link RequestFailure}.
 */
public final class CompletionRun {
    private static final Log LOG = Log.get(CompletionRun.class);
    /** Failures that let fallback try the next model (when nothing was streamed yet). */
    static final Set<ErrorType> FALLBACK_TYPES = EnumSet.of(ErrorType.UNREACHABLE, ErrorType.BLOCKED,
            ErrorType.CHALLENGE_REQUIRED, ErrorType.RATE_LIMITED);

    private final ChatCompleteParams params;
    private final ModelCatalog catalog;
    private final Settings settings;
    private final CancelSignal cancel = new CancelSignal();
    private final Consumer<String> notices;
    private final long startNanos = System.nanoTime();
    private final StreamingText stream;

    /**
     * @param notices receives one line per model skipped by fallback (sent as {@code window/logMessage})
     */
    public CompletionRun(ChatCompleteParams params, ModelCatalog catalog, Settings settings, ProgressSink progress,
                         Consumer<String> notices) {
        this.params = params;
        this.catalog = catalog;
        this.settings = settings;
        this.notices = notices;
        this.stream = new StreamingText(progress, startNanos);
    }

    /** Aborts the request: its upstream call is closed at once. */
    public void cancel() {
        cancel.cancel();
    }

    public boolean isCancelled() {
        return cancel.isCancelled();
    }

    /**
     * Runs the request on the calling thread. A model the named backend does not have fails before
     * anything is streamed ({@code invalid_request}, no {@code begin}); every other failure comes
     * after {@code begin} and {@code end}.
     */
    public ChatCompleteResult run() throws RequestFailure {
        List<ChatCompleteResult.Attempt> attempts = new ArrayList<>();
        Set<String> tried = new HashSet<>();
        List<String> fallback = settings.list(SettingKey.FALLBACK);
        Target target = first();
        for (int next = 0; ; ) {
            tried.add(target.id());
            stream.attempt(target.id());
            BackendException failure;
            try {
                cancel.throwIfCancelled();
                return attempt(target, attempts);
            } catch (BackendException e) {
                failure = e;
            } catch (RuntimeException e) {
                if (cancel.isCancelled()) {
                    throw RequestFailure.cancelled(stream.close(FinishReason.CANCELLED));
                }
                LOG.error("bug while answering with " + target.id(), e);
                throw RequestFailure.internal(e, stream.close(FinishReason.ERROR));
            }
            if (cancel.isCancelled() || failure.type() == ErrorType.CANCELLED) {
                throw RequestFailure.cancelled(stream.close(FinishReason.CANCELLED));
            }
            Target following = null;
            // once begin went out it names this model for good: falling back then would let another
            // model answer under this one's name (and any streamed text rules fallback out anyway)
            if (!stream.begun() && !stream.hasText() && FALLBACK_TYPES.contains(failure.type())) {
                while (following == null && next < fallback.size()) {
                    following = fallbackTarget(fallback.get(next++), tried);
                }
            }
            if (following == null) {
                LOG.info("request failed on " + target.id() + ": " + failure.type() + ": " + failure.getMessage());
                throw RequestFailure.from(failure, stream.close(FinishReason.ERROR));
            }
            attempts.add(new ChatCompleteResult.Attempt(target.id(), failure.type().wireName(), failure.getMessage()));
            String line = "Model " + target.id() + " failed (" + failure.type() + ": " + failure.getMessage()
                    + "); falling back to " + following.id() + ".";
            // the client gets the line (window/logMessage, or stderr for ask): the log keeps it at info
            LOG.info(line);
            notices.accept(line);
            target = following;
        }
    }

    /** The requested (or default) model; a model its backend does not have ends the request before {@code begin}. */
    private Target first() throws RequestFailure {
        try {
            return new Target(params.model == null ? null : params.model.trim(), catalog.route(params.model, settings),
                    null);
        } catch (BackendException e) {
            if (e.type() == ErrorType.INVALID_REQUEST) {
                LOG.info("refused before begin: " + e.getMessage());
                throw RequestFailure.from(e, null);
            }
            String named = params.model == null || params.model.isBlank()
                    ? settings.string(SettingKey.DEFAULT_MODEL) : params.model.trim();
            return new Target(named, null, e); // e.g. unreachable: the fallback setting may move on
        }
    }

    /** The next fallback model, or {@code null} when {@code name} is unknown or was tried already. */
    private Target fallbackTarget(String name, Set<String> tried) {
        try {
            ModelCatalog.Resolved resolved = catalog.route(name, settings);
            return tried.contains(resolved.id()) ? null : new Target(name, resolved, null);
        } catch (BackendException e) {
            if (e.type() == ErrorType.INVALID_REQUEST) {
                LOG.warn("fallback model \"" + name + "\" is not served: " + e.getMessage() + " Skipped.");
                return null;
            }
            return tried.contains(name) ? null : new Target(name, null, e);
        }
    }

    /** One try with one model; reports what it showed about the backend to the catalog. */
    private ChatCompleteResult attempt(Target target, List<ChatCompleteResult.Attempt> attempts)
            throws BackendException {
        if (target.resolved == null) {
            throw target.routingFailure;
        }
        BackendRequest request = new BackendRequest(params.messages, target.id(), params.conversation,
                params.options, settings);
        BackendResult result;
        try {
            result = target.resolved.backend().complete(request, stream, cancel);
        } catch (BackendException e) {
            if (!cancel.isCancelled()) {
                catalog.contacted(target.resolved.backend(), settings, e);
            }
            throw e;
        }
        catalog.contacted(target.resolved.backend(), settings, null);
        if (cancel.isCancelled()) {
            throw BackendException.cancelled();
        }
        return success(target.id(), result, attempts);
    }

    /** A model to try: resolved to its backend, or the reason its backend cannot take it. */
    private record Target(String named, ModelCatalog.Resolved resolved, BackendException routingFailure) {
        String id() {
            return resolved != null ? resolved.id() : named;
        }
    }

    private ChatCompleteResult success(String model, BackendResult result, List<ChatCompleteResult.Attempt> attempts) {
        String finishReason = FinishReason.LENGTH.equals(result.finishReason()) ? FinishReason.LENGTH : FinishReason.STOP;
        ChatCompleteResult out = new ChatCompleteResult();
        out.text = stream.close(finishReason);
        out.model = model;
        out.finishReason = finishReason;
        out.conversation = result.conversation();
        out.usage = result.usage();
        out.reasoning = stream.reasoningText();
        out.attempts = attempts;
        out.timings = new ChatCompleteResult.Timings(stream.firstTokenMs(),
                (System.nanoTime() - startNanos) / 1_000_000);
        return out;
    }
}
