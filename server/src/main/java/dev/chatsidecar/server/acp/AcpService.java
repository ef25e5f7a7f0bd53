package dev.chatsidecar.server.acp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.chatsidecar.protocol.ChatCompleteParams;
import dev.chatsidecar.protocol.GenerationOptions;
import dev.chatsidecar.server.Version;
import dev.chatsidecar.server.backend.ModelCatalog;
import dev.chatsidecar.server.chat.CompletionRun;
import dev.chatsidecar.server.chat.RequestFailure;
import dev.chatsidecar.server.log.Log;
import dev.chatsidecar.server.settings.Settings;
import dev.chatsidecar.server.settings.SettingsStore;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;

/**
 * The ACP agent methods, mapped onto the sidecar's pipeline: a session is a conversation, a prompt
 * turn is one {@link CompletionRun} (same model resolution, backends, fallback and cancellation as
 * {@code chat/complete}), and the session's model is a session configuration option.
 * Long work (model lists may ask a server, answers stream) runs on the worker pool.
 */
final class AcpService {
    /** The ACP protocol version this agent speaks. */
    static final int PROTOCOL_VERSION = 1;

    private static final Log LOG = Log.get(AcpService.class);

    private final SettingsStore settings;
    private final ModelCatalog catalog;
    private final ModelOption models;
    private final ExecutorService workers;
    private final BiConsumer<String, JsonElement> notify;
    private final Map<String, AcpSession> sessions = new ConcurrentHashMap<>();
    private volatile boolean clientShowsNotices;

    /**
     * @param notify sends a notification to the client (method, params)
     */
    AcpService(SettingsStore settings, ModelCatalog catalog, ExecutorService workers,
               BiConsumer<String, JsonElement> notify) {
        this.settings = settings;
        this.catalog = catalog;
        this.models = new ModelOption(catalog);
        this.workers = workers;
        this.notify = notify;
    }

    CompletableFuture<Object> initialize(JsonElement raw) {
        try {
            JsonObject params = AcpJson.params(raw, "initialize");
            JsonElement version = params.get("protocolVersion");
            if (version == null || !version.isJsonPrimitive() || !version.getAsJsonPrimitive().isNumber()) {
                throw new AcpErrors.InvalidParams("\"protocolVersion\" must be a whole number (this agent speaks "
                        + PROTOCOL_VERSION + ")");
            }
            clientShowsNotices = AcpCapabilities.clientShowsNotices(params);
            LOG.info("ACP client: " + AcpCapabilities.describeClient(params) + ", protocol version " + version);
        } catch (AcpErrors.InvalidParams e) {
            return AcpErrors.failed(e);
        }
        // one version exists: the answer is it, whatever the client asked (the spec's negotiation)
        return CompletableFuture.completedFuture(AcpCapabilities.initializeResult(PROTOCOL_VERSION, Version.get()));
    }

    CompletableFuture<Object> newSession(JsonElement raw) {
        String cwd;
        try {
            JsonObject params = AcpJson.params(raw, "session/new");
            cwd = AcpJson.requiredString(params, "cwd");
            JsonElement mcp = params.get("mcpServers");
            if (mcp != null && !mcp.isJsonNull() && !mcp.isJsonArray()) {
                throw new AcpErrors.InvalidParams("\"mcpServers\" must be a list");
            }
            if (mcp != null && mcp.isJsonArray() && !mcp.getAsJsonArray().isEmpty()) {
                LOG.info("session/new: " + mcp.getAsJsonArray().size() + " MCP server(s) ignored: this agent uses no tools");
            }
        } catch (AcpErrors.InvalidParams e) {
            return AcpErrors.failed(e);
        }
        Settings current = settings.current();
        return onWorker(() -> {
            AcpSession session = new AcpSession("sess_" + UUID.randomUUID(), models.defaultModel(current));
            sessions.put(session.id(), session);
            LOG.debug("session " + session.id() + " in " + cwd + " with model " + session.model());
            JsonObject result = new JsonObject();
            result.addProperty("sessionId", session.id());
            result.add("configOptions", models.configOptions(session.model(), current));
            return result;
        });
    }

    CompletableFuture<Object> setConfigOption(JsonElement raw) {
        AcpSession session;
        String value;
        try {
            JsonObject params = AcpJson.params(raw, "session/set_config_option");
            session = session(params);
            String configId = AcpJson.requiredString(params, "configId");
            if (!ModelOption.ID.equals(configId)) {
                throw new AcpErrors.InvalidParams("unknown configId \"" + configId + "\"; the only option is \""
                        + ModelOption.ID + "\"");
            }
            value = AcpJson.requiredString(params, "value");
        } catch (AcpErrors.InvalidParams e) {
            return AcpErrors.failed(e);
        }
        Settings current = settings.current();
        return onWorker(() -> {
            try {
                session.model(models.choose(value, current));
            } catch (AcpErrors.InvalidParams e) {
                throw new ResponseErrorException(AcpErrors.invalid(
                        "Cannot select this model: " + e.getMessage() + ".",
                        "Pick a model listed as available, or configure its backend (see docs/protocol.md, Settings)."));
            }
            JsonObject result = new JsonObject();
            result.add("configOptions", models.configOptions(session.model(), current));
            return result;
        });
    }

    CompletableFuture<Object> prompt(JsonElement raw) {
        AcpSession session;
        String userText;
        try {
            JsonObject params = AcpJson.params(raw, "session/prompt");
            session = session(params);
            userText = PromptContent.toUserText(params.get("prompt"));
        } catch (AcpErrors.InvalidParams e) {
            return AcpErrors.failed(e);
        }
        PromptTurn turn = new PromptTurn(session, userText, update -> sendUpdate(session, update), clientShowsNotices);
        if (!session.start(turn)) {
            return AcpErrors.failed(AcpErrors.invalid("A prompt is already running in this session.",
                    "Wait for its answer, or send session/cancel first."));
        }
        // the history is read once this turn holds the session: a turn that ended just before is in it
        CompletionRun run = new CompletionRun(request(session, userText), catalog, settings.current(), turn, turn::notice);
        turn.attach(run);
        try {
            workers.execute(() -> answer(turn, run));
        } catch (RejectedExecutionException e) {
            turn.failed(AcpErrors.overloaded());
        }
        return turn.response();
    }

    /** {@code session/cancel}: the running prompt of that session answers {@code cancelled}. */
    void cancel(JsonElement raw) {
        try {
            AcpSession session = session(AcpJson.params(raw, "session/cancel"));
            PromptTurn turn = session.running();
            if (turn != null) {
                turn.cancel();
            }
        } catch (AcpErrors.InvalidParams e) {
            LOG.warn("session/cancel ignored: " + e.getMessage());
        }
    }

    /** {@code session/close}: cancels its prompt and forgets the session (idempotent). */
    CompletableFuture<Object> close(JsonElement raw) {
        try {
            String id = AcpJson.requiredString(AcpJson.params(raw, "session/close"), "sessionId");
            AcpSession session = sessions.remove(id);
            PromptTurn turn = session == null ? null : session.running();
            if (turn != null) {
                turn.cancel();
            }
        } catch (AcpErrors.InvalidParams e) {
            return AcpErrors.failed(e);
        }
        return CompletableFuture.completedFuture(new JsonObject());
    }

    /** Cancels every running prompt (end of input). */
    void cancelAll() {
        for (AcpSession session : sessions.values()) {
            PromptTurn turn = session.running();
            if (turn != null) {
                turn.cancel();
            }
        }
    }

    private void answer(PromptTurn turn, CompletionRun run) {
        try {
            turn.succeeded(run.run());
        } catch (RequestFailure failure) {
            turn.failed(failure);
        } catch (RuntimeException | Error bug) {
            LOG.error("unexpected failure in session/prompt", bug);
            turn.failed(RequestFailure.internal(bug, null));
        }
    }

    private static ChatCompleteParams request(AcpSession session, String userText) {
        ChatCompleteParams params = new ChatCompleteParams();
        params.messages = session.messagesWith(userText);
        params.model = session.model();
        params.conversation = session.conversation();
        params.options = new GenerationOptions();
        return params;
    }

    private void sendUpdate(AcpSession session, JsonObject update) {
        JsonObject params = new JsonObject();
        params.addProperty("sessionId", session.id());
        params.add("update", update);
        notify.accept(AcpEndpoint.SESSION_UPDATE, params);
    }

    private AcpSession session(JsonObject params) throws AcpErrors.InvalidParams {
        String id = AcpJson.requiredString(params, "sessionId");
        AcpSession session = sessions.get(id);
        if (session == null) {
            throw new AcpErrors.InvalidParams("unknown sessionId \"" + id + "\" (sessions live as long as the "
                    + "process; session/load is not supported)");
        }
        return session;
    }

    private CompletableFuture<Object> onWorker(Supplier<Object> work) {
        try {
            return CompletableFuture.supplyAsync(work, workers);
        } catch (RejectedExecutionException e) {
            return AcpErrors.failed(AcpErrors.of(AcpErrors.overloaded()));
        }
    }
}
