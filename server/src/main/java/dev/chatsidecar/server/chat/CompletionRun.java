package dev.chatsidecar.server.chat;

import dev.chatsidecar.protocol.ChatCompleteParams;
import dev.chatsidecar.protocol.ChatCompleteResult;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.protocol.FinishReason;
import dev.chatsidecar.server.backend.BackendException;
import dev.chatsidecar.server.backend.BackendRequest;
import dev.chatsidecar.server.backend.BackendResult;
import dev.chatsidecar.server.backend.CancelSignal;
import dev.chatsidecar.server.backend.ModelCatalog;
import dev.chatsidecar.server.log.Log;
import dev.chatsidecar.server.rpc.ProgressSink;
import dev.chatsidecar.server.settings.SettingKey;
import dev.chatsidecar.server.settings.Settings;
import java.util.ArrayList;
import java.util.EnumSet;
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

    /** Runs the request on the calling thread. */
    public ChatCompleteResult run() throws RequestFailure {
        List<ModelCatalog.Resolved> chain = chain();
        if (chain.isEmpty()) {
            stream.attempt(params.model == null ? settings.string(SettingKey.DEFAULT_MODEL) : params.model);
            stream.close(FinishReason.ERROR);
            throw new RequestFailure(ErrorType.INVALID_REQUEST, new dev.chatsidecar.protocol.ErrorData(
                    ErrorType.INVALID_REQUEST, "No model is available: no backend lists any model.",
                    "Configure a backend (chatgpt.baseUrl, openai.baseUrl or local.modelPath).", false));
        }
        List<ChatCompleteResult.Attempt> attempts = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            ModelCatalog.Resolved target = chain.get(i);
            stream.attempt(target.id());
            try {
                cancel.throwIfCancelled();
                BackendRequest request = new BackendRequest(params.messages, target.id(),
                        params.conversation, params.options, settings);
                BackendResult result = target.backend().complete(request, stream, cancel);
                if (cancel.isCancelled()) {
                    throw BackendException.cancelled();
                }
                return success(target.id(), result, attempts);
            } catch (BackendException e) {
                if (cancel.isCancelled() || e.type() == ErrorType.CANCELLED) {
                    throw RequestFailure.cancelled(stream.close(FinishReason.CANCELLED));
                }
                boolean last = i == chain.size() - 1;
                // once begin went out it names this model for good: falling back then would let another
                // model answer under this one's name (and any streamed text rules fallback out anyway)
                if (last || stream.begun() || stream.hasText() || !FALLBACK_TYPES.contains(e.type())) {
                    LOG.info("request failed on " + target.id() + ": " + e.type() + ": " + e.getMessage());
                    throw RequestFailure.from(e, stream.close(FinishReason.ERROR));
                }
                attempts.add(new ChatCompleteResult.Attempt(target.id(), e.type().wireName(), e.getMessage()));
                String next = chain.get(i + 1).id();
                String line = "Model " + target.id() + " failed (" + e.type() + ": " + e.getMessage()
                        + "); falling back to " + next + ".";
                // the client gets the line (window/logMessage, or stderr for ask): the log keeps it at info
                LOG.info(line);
                notices.accept(line);
            } catch (RuntimeException e) {
                if (cancel.isCancelled()) {
                    throw RequestFailure.cancelled(stream.close(FinishReason.CANCELLED));
                }
                LOG.error("bug while answering with " + target.id(), e);
                throw RequestFailure.internal(e, stream.close(FinishReason.ERROR));
            }
        }
        throw new IllegalStateException("fallback loop ended without a result");
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

    /** The requested model, then the fallback models (each resolved, without repeats). */
    private List<ModelCatalog.Resolved> chain() {
        List<ModelCatalog.Resolved> chain = new ArrayList<>();
        ModelCatalog.Resolved first = catalog.resolve(params.model, settings);
        if (first != null) {
            chain.add(first);
        }
        for (String name : settings.list(SettingKey.FALLBACK)) {
            ModelCatalog.Resolved next = catalog.resolveExactly(name, settings);
            if (next == null) {
                LOG.warn("fallback model \"" + name + "\" is not listed by any backend; skipped");
                continue;
            }
            if (chain.stream().noneMatch(r -> r.id().equals(next.id()))) {
                chain.add(next);
            }
        }
        return chain;
    }
}
