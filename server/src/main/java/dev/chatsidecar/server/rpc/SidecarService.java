package dev.chatsidecar.server.rpc;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.chatsidecar.protocol.ChatCompleteParams;
import dev.chatsidecar.protocol.ChatCompleteResult;
import dev.chatsidecar.protocol.ChatModelsResult;
import dev.chatsidecar.protocol.ChatSidecarServer;
import dev.chatsidecar.protocol.InitializeParams;
import dev.chatsidecar.protocol.InitializeResult;
import dev.chatsidecar.protocol.LogMessageParams;
import dev.chatsidecar.protocol.Methods;
import dev.chatsidecar.server.Version;
import dev.chatsidecar.server.backend.ModelCatalog;
import dev.chatsidecar.server.chat.CompleteRequestParser;
import dev.chatsidecar.server.chat.CompletionRun;
import dev.chatsidecar.server.chat.ProgressSink;
import dev.chatsidecar.server.chat.RequestFailure;
import dev.chatsidecar.server.log.Log;
import dev.chatsidecar.server.settings.InvalidSettingException;
import dev.chatsidecar.server.settings.SettingKey;
import dev.chatsidecar.server.settings.Settings;
import dev.chatsidecar.server.settings.SettingsStore;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.IntConsumer;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;

/**
 * The JSON-RPC methods of the sidecar. Long work runs on the worker pool; each {@code chat/complete}
 * is a {@link CompletionRun} reachable for cancellation by its request (LSP4J cancels the future) and
 * by its {@code workDoneToken}.
 */
public final class SidecarService implements ChatSidecarServer {
    private static final Log LOG = Log.get(SidecarService.class);
    private static final Gson GSON = new Gson();

    private final SettingsStore settings;
    private final ModelCatalog catalog;
    private final OutboundWriter writer;
    private final Lifecycle lifecycle;
    private final ExecutorService workers;
    private final IntConsumer exit;
    private final Map<CompletionRun, Boolean> running = new ConcurrentHashMap<>();
    private final Map<JsonPrimitive, CompletionRun> byToken = new ConcurrentHashMap<>();

    public SidecarService(SettingsStore settings, ModelCatalog catalog, OutboundWriter writer, Lifecycle lifecycle,
                          ExecutorService workers, IntConsumer exit) {
        this.settings = settings;
        this.catalog = catalog;
        this.writer = writer;
        this.lifecycle = lifecycle;
        this.workers = workers;
        this.exit = exit;
        catalog.onChange(() -> writer.notify(Methods.MODELS_CHANGED, new JsonObject()));
    }

    @Override
    public CompletableFuture<InitializeResult> initialize(JsonElement raw) {
        InitializeParams params;
        try {
            params = GSON.fromJson(raw == null ? new JsonObject() : raw, InitializeParams.class);
        } catch (RuntimeException e) {
            return failed(invalid("Invalid params: initialize params do not match {processId, clientInfo, "
                    + "initializationOptions}: " + e.getMessage(), "Check the initialize request against docs/protocol.md."));
        }
        if (params == null) {
            params = new InitializeParams();
        }
        try {
            applySettings(params.initializationOptions);
        } catch (InvalidSettingException e) {
            return failed(invalid("Invalid settings: " + e.getMessage(), "Correct that setting and initialize again."));
        }
        lifecycle.initialized();
        if (params.clientInfo != null) {
            LOG.info("client: " + params.clientInfo.name + (params.clientInfo.version == null ? "" : " " + params.clientInfo.version));
        }
        if (params.processId != null) {
            ParentWatcher.watch(params.processId, () -> {
                LOG.info("parent process exited; stopping");
                cancelAll();
                exit.accept(1);
            });
        }
        return CompletableFuture.completedFuture(new InitializeResult(Version.get()));
    }

    @Override
    public void initialized(JsonElement params) {
        LOG.debug("client initialized");
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        lifecycle.shutDown();
        cancelAll();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void exit() {
        int code = lifecycle.isShutDown() ? 0 : 1;
        cancelAll();
        writer.flush(1000);
        exit.accept(code);
    }

    @Override
    public CompletableFuture<ChatModelsResult> models(JsonElement params) {
        boolean empty = params == null || params.isJsonNull()
                || (params.isJsonArray() && params.getAsJsonArray().isEmpty());
        if (!empty && !params.isJsonObject()) {
            return failed(invalid("Invalid params: chat/models takes an object ({} or {\"refresh\": true}).",
                    "Send {} as params."));
        }
        JsonElement refresh = empty ? null : params.getAsJsonObject().get("refresh");
        if (refresh != null && !refresh.isJsonNull()
                && !(refresh.isJsonPrimitive() && refresh.getAsJsonPrimitive().isBoolean())) {
            return failed(invalid("Invalid params: \"refresh\" must be true or false.",
                    "Send {\"refresh\": true} to re-check every backend now, or {}."));
        }
        boolean recheck = refresh != null && !refresh.isJsonNull() && refresh.getAsBoolean();
        Settings current = settings.current();
        return CompletableFuture.supplyAsync(() -> {
            ModelCatalog.Listing listing = catalog.listing(current, recheck);
            return new ChatModelsResult(listing.models(), listing.defaultModel());
        }, workers);
    }

    @Override
    public CompletableFuture<ChatCompleteResult> complete(JsonElement raw) {
        ChatCompleteParams params;
        try {
            params = CompleteRequestParser.parse(raw);
        } catch (CompleteRequestParser.InvalidParamsException e) {
            return failed(toResponseError(RequestFailure.invalidParams(e.getMessage())));
        }
        JsonPrimitive token = params.workDoneToken;
        if (token != null && byToken.containsKey(token)) {
            return failed(invalid("Invalid params: workDoneToken " + token + " is already in use by a running request.",
                    "Use a new token for each request."));
        }
        ProgressSink progress = token == null ? ProgressSink.NONE : writer.openProgress(token);
        CompletionRun run = new CompletionRun(params, catalog, settings.current(), progress, this::notice);
        CancellableFuture<ChatCompleteResult> future = new CancellableFuture<>(run::cancel);
        running.put(run, Boolean.TRUE);
        if (token != null) {
            byToken.put(token, run);
        }
        try {
            workers.execute(() -> {
                ChatCompleteResult result = null;
                ResponseError error = null;
                try {
                    result = run.run();
                } catch (RequestFailure failure) {
                    error = toResponseError(failure);
                } catch (RuntimeException | Error bug) {
                    LOG.error("unexpected failure in chat/complete", bug);
                    error = toResponseError(RequestFailure.internal(bug, null));
                }
                // forget the run before answering: once the client has the response, its token is free again
                running.remove(run);
                if (token != null) {
                    byToken.remove(token, run);
                }
                if (error == null) {
                    future.complete(result);
                } else {
                    future.completeExceptionally(new ResponseErrorException(error));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            running.remove(run);
            if (token != null) {
                byToken.remove(token, run);
            }
            progress.begin(params.model == null ? "" : params.model);
            progress.end("error");
            return failed(ErrorResponses.overloaded("Too many requests are waiting for a worker thread."));
        }
        return future;
    }

    @Override
    public void cancelProgress(JsonElement params) {
        if (params == null || !params.isJsonObject() || !params.getAsJsonObject().has("token")
                || !params.getAsJsonObject().get("token").isJsonPrimitive()) {
            LOG.warn(Methods.WORK_DONE_PROGRESS_CANCEL + " without a token; ignored");
            return;
        }
        CompletionRun run = byToken.get(params.getAsJsonObject().getAsJsonPrimitive("token"));
        if (run == null) {
            LOG.debug("cancel for an unknown or finished token; ignored");
            return;
        }
        run.cancel();
    }

    @Override
    public void didChangeConfiguration(JsonElement params) {
        JsonElement newSettings = params != null && params.isJsonObject() ? params.getAsJsonObject().get("settings") : null;
        try {
            applySettings(newSettings);
            LOG.info("settings changed");
        } catch (InvalidSettingException e) {
            LOG.error("rejected settings change: " + e.getMessage());
            writer.notify(Methods.LOG_MESSAGE, GSON.toJsonTree(new LogMessageParams(LogMessageParams.ERROR,
                    "chat-sidecar rejected the settings change (the previous settings stay in force): "
                            + e.getMessage())));
        }
    }

    /** Cancels every running request (shutdown, exit, end of input). */
    public void cancelAll() {
        running.keySet().forEach(CompletionRun::cancel);
    }

    /** The number of requests still running. */
    public int runningCount() {
        return running.size();
    }

    private void applySettings(JsonElement clientSettings) throws InvalidSettingException {
        Settings next = settings.update(clientSettings);
        for (String key : next.unknownKeys()) {
            LOG.warn("unknown setting \"" + key + "\" ignored");
        }
        String level = next.string(SettingKey.LOG_LEVEL);
        if (!Log.setLevel(level)) {
            LOG.warn("unknown log level \"" + level + "\"; use error, warn, info, debug or trace");
        }
        if (Log.enabled(Log.Level.DEBUG)) {
            LOG.debug("settings: " + next); // rendering Settings runs the redaction regexes: not on a quiet start
        }
    }

    private void notice(String line) {
        writer.notify(Methods.LOG_MESSAGE, GSON.toJsonTree(new LogMessageParams(LogMessageParams.WARNING, line)));
    }

    private static ResponseError invalid(String message, String hint) {
        return ErrorResponses.invalidParams(message, hint);
    }

    static ResponseError toResponseError(RequestFailure failure) {
        return ErrorResponses.fromFailure(failure);
    }

    private static <T> CompletableFuture<T> failed(ResponseError error) {
        return CompletableFuture.failedFuture(new ResponseErrorException(error));
    }
}
