package dev.chatsidecar.server.local;

import de.kherud.llama.InferenceParameters;
import dev.chatsidecar.protocol.ChatCompleteResult;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.protocol.FinishReason;
import dev.chatsidecar.protocol.ModelInfo;
import dev.chatsidecar.server.backend.BackendRequest;
import dev.chatsidecar.server.backend.BackendResult;
import dev.chatsidecar.server.backend.ChatBackend;
import dev.chatsidecar.server.backend.DeltaSink;
import dev.chatsidecar.server.backend.LastContact;
import dev.chatsidecar.server.settings.SettingKey;
import dev.chatsidecar.server.settings.Settings;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.util.List;

/**
 * The embedded llama.cpp model ({@code local/<file name>}) configured by {@code local.modelPath}.
 * The model is loaded on the first request and kept; requests take turns on it. Each answer is the
 * conversation rendered with the model's chat template (ChatML when the file has none), generated
 * with {@code options.maxTokens} (else {@code local.maxTokens}) and {@code options.temperature}.
 */
public final class LocalChatBackend implements ChatBackend {
    public static final String PROVIDER = "local";
    /** Context length used when neither the setting nor the model file names one. */
    static final int FALLBACK_CONTEXT = 2048;
    /** Upper bound for the context taken from a model file (memory grows with it). */
    static final int MAX_DEFAULT_CONTEXT = 4096;
    private static final String FILE_HINT = "Set local.modelPath (environment variable CHAT_SIDECAR_LOCAL_MODEL) "
            + "to a complete, readable GGUF model file.";

    private final LlamaRuntime runtime;
    private final ModelFileChecks files = new ModelFileChecks();
    private final LastContact contacts = new LastContact();

    public LocalChatBackend() {
        this(LlamaRuntime.shared());
    }

    LocalChatBackend(LlamaRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public String idPrefix() {
        return LocalModelFile.ID_PREFIX;
    }

    /**
     * The configured model file: {@code ready} when the file checks out (and loading it has not
     * failed since), else {@code unavailable} with the problem.
     */
    @Override
    public List<ModelInfo> models(Settings settings) {
        String path = settings.string(SettingKey.LOCAL_MODEL_PATH);
        LocalModelFile file = files.check(path);
        String name = file.id().substring(LocalModelFile.ID_PREFIX.length());
        ModelInfo model = new ModelInfo(file.id(), name + " (local llama.cpp)", PROVIDER, List.of(PROVIDER));
        return contacts.apply(String.valueOf(path), List.of(file.usable() ? model.ready() : model.unavailable(file.problem())));
    }

    @Override
    public void contacted(Settings settings, BackendException failure) {
        contacts.record(String.valueOf(settings.string(SettingKey.LOCAL_MODEL_PATH)), failure);
    }

    @Override
    public void refresh(Settings settings) {
        contacts.forget(String.valueOf(settings.string(SettingKey.LOCAL_MODEL_PATH)));
    }

    @Override
    public BackendResult complete(BackendRequest request, DeltaSink sink, CancelSignal cancel) throws BackendException {
        Settings settings = request.settings();
        LocalModelFile file = files.check(settings.string(SettingKey.LOCAL_MODEL_PATH));
        if (!file.usable()) {
            throw new BackendException(ErrorType.UNREACHABLE, file.problem(), FILE_HINT, false);
        }
        LocalModel model;
        try {
            model = runtime.model(file, settings.integer(SettingKey.LOCAL_THREADS), contextSize(settings, file));
        } catch (LocalModelException e) {
            throw new BackendException(ErrorType.UNREACHABLE, e.getMessage(), FILE_HINT
                    + " The embedded llama.cpp needs Linux, macOS or Windows on x86_64/aarch64 (and libgomp on Linux).",
                    false);
        }
        try {
            if (!model.awaitTurn(cancel::isCancelled)) {
                throw BackendException.cancelled();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BackendException.cancelled();
        }
        try {
            return generate(model, request, sink, cancel);
        } catch (RuntimeException e) {
            throw new BackendException(ErrorType.UPSTREAM_ERROR, "The local model failed while answering: "
                    + e.getMessage(), "Retry; if it keeps failing, try another GGUF file or a shorter conversation.",
                    true, null, null, e);
        } finally {
            model.endTurn();
        }
    }

    private static BackendResult generate(LocalModel model, BackendRequest request, DeltaSink sink, CancelSignal cancel)
            throws BackendException {
        LocalModel.RenderedPrompt prompt = model.render(request.messages());
        // +1: the beginning-of-sequence token llama.cpp adds in front of the prompt
        int promptTokens = model.countTokens(prompt.text()) + 1;
        int room = model.contextSize() - promptTokens;
        if (room < 1) {
            throw new BackendException(ErrorType.INVALID_REQUEST, "The conversation is too long for the local model "
                    + model.id() + ": " + promptTokens + " tokens, and its context holds " + model.contextSize() + ".",
                    "Start a new conversation, send fewer messages, or raise local.contextSize.", false);
        }
        Integer requested = request.options().maxTokens;
        int limit = requested != null ? requested : request.settings().integer(SettingKey.LOCAL_MAX_TOKENS);
        int nPredict = Math.min(limit, room);
        InferenceParameters parameters = new InferenceParameters(prompt.text()).setNPredict(nPredict);
        if (request.options().temperature != null) {
            parameters.setTemperature(request.options().temperature.floatValue());
        }
        sink.accepted();
        StopTextFilter filter = new StopTextFilter(prompt.stopTexts());
        PieceBatcher batcher = new PieceBatcher(sink::delta, System::nanoTime);
        LocalModel.Generation generation = model.generate(parameters, piece -> {
            batcher.add(filter.accept(piece));
            return !filter.stopped();
        }, cancel::isCancelled);
        if (generation.ending() == LocalModel.Ending.CANCELLED) {
            throw BackendException.cancelled(); // text held back was never sent: the partial text is what the client saw
        }
        batcher.add(filter.flush());
        batcher.flush();
        // a stop text ends the answer like the end-of-turn token would; only the token limit is "length"
        boolean hitLimit = !filter.stopped() && generation.tokens() >= nPredict;
        return new BackendResult(hitLimit ? FinishReason.LENGTH : FinishReason.STOP, null,
                new ChatCompleteResult.Usage(promptTokens, generation.tokens(), promptTokens + generation.tokens()));
    }

    /** {@code local.contextSize}, else the model file's context length capped at {@link #MAX_DEFAULT_CONTEXT}. */
    static int contextSize(Settings settings, LocalModelFile file) {
        if (settings.isSet(SettingKey.LOCAL_CONTEXT_SIZE)) {
            return settings.integer(SettingKey.LOCAL_CONTEXT_SIZE);
        }
        Long fromFile = file.header().contextLength();
        if (fromFile == null || fromFile < 1) {
            return FALLBACK_CONTEXT;
        }
        return (int) Math.min(fromFile, MAX_DEFAULT_CONTEXT);
    }
}
