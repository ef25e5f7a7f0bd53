package dev.chatsidecar.server.acp;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.chatsidecar.server.ElasticThreadPool;
import dev.chatsidecar.server.backend.ChatBackend;
import dev.chatsidecar.server.backend.ModelCatalog;
import dev.chatsidecar.server.log.Log;
import dev.chatsidecar.server.rpc.framing.Framing;
import dev.chatsidecar.server.rpc.framing.InboundFrame;
import dev.chatsidecar.server.rpc.framing.NewlineFraming;
import dev.chatsidecar.server.settings.SettingsStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.eclipse.lsp4j.jsonrpc.MessageIssueException;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.Message;

/**
 * {@code --acp}: the Agent Client Protocol over stdio. Lines cut by the shared {@link NewlineFraming} are checked
 * here (answering what is not a JSON-RPC message with the standard error and reading on), parsed by
 * LSP4J and handed to its {@link RemoteEndpoint}, which routes them to {@link AcpEndpoint} and sends
 * responses back; every outgoing message is one line written through {@link LineWriter}. The
 * session ends at end of input: running prompts are aborted and the exit code is 0.
 */
public final class AcpServer {
    private static final Log LOG = Log.get(AcpServer.class);

    /** The longest line accepted, in bytes (8 MiB: room for a prompt with embedded files). */
    public static final int MAX_LINE_BYTES = 8 * 1024 * 1024;

    private final Framing framing;
    private final LineWriter output;
    private final MessageJsonHandler json;
    private final RemoteEndpoint endpoint;
    private final AcpService service;
    private final ExecutorService workers;
    private final List<ChatBackend> backends;
    private volatile boolean outputBroken;

    public AcpServer(InputStream in, OutputStream out, List<ChatBackend> backends, SettingsStore settings) {
        this.framing = new NewlineFraming(in, MAX_LINE_BYTES);
        this.output = new LineWriter(framing, out);
        this.backends = backends;
        this.json = new MessageJsonHandler(AcpEndpoint.supportedMethods());
        this.workers = ElasticThreadPool.create("acp-worker-");
        this.service = new AcpService(settings, new ModelCatalog(backends), workers, this::notifyClient);
        this.endpoint = new RemoteEndpoint(this::send, new AcpEndpoint(service));
        json.setMethodProvider(endpoint);
    }

    /** Serves until end of input, then aborts what runs and releases the backends. Returns the exit code. */
    public int run() {
        while (true) {
            InboundFrame frame;
            try {
                frame = framing.read();
            } catch (IOException e) {
                LOG.debug("stdin closed: " + e.getMessage());
                break;
            }
            if (frame == null) {
                break;
            }
            if (frame.problem() != null) {
                LOG.warn("refused a message: " + frame.problem().message());
                sendError(JsonNull.INSTANCE, frame.problem().kind() == InboundFrame.Kind.PARSE_ERROR ? -32700 : -32600,
                        "Invalid request: " + frame.problem().message());
                continue;
            }
            handle(new String(frame.body(), StandardCharsets.UTF_8));
        }
        LOG.info("input ended; stopping");
        stop();
        return 0;
    }

    private void handle(String line) {
        JsonElement parsed = parseStrictly(line);
        if (parsed == null) {
            sendError(JsonNull.INSTANCE, -32700, "Parse error: the line is not valid JSON.");
            return;
        }
        if (!parsed.isJsonObject()) {
            sendError(JsonNull.INSTANCE, -32600, "Invalid request: expected a JSON object"
                    + (parsed.isJsonArray() ? " (batches are not supported)." : "."));
            return;
        }
        JsonObject object = parsed.getAsJsonObject();
        JsonElement id = object.get("id");
        if (id != null && !id.isJsonNull() && !(id.isJsonPrimitive() && !id.getAsJsonPrimitive().isBoolean())) {
            sendError(JsonNull.INSTANCE, -32600, "Invalid request: \"id\" must be a string or a number.");
            return;
        }
        JsonElement replyId = id == null ? JsonNull.INSTANCE : id;
        JsonElement method = object.get("method");
        if (method == null) {
            if (!object.has("result") && !object.has("error")) {
                sendError(replyId, -32600, "Invalid request: \"method\" is missing.");
            }
            return; // a response: this agent sends the client no requests
        }
        if (!isString(method) || !isString(object.get("jsonrpc")) || !"2.0".equals(object.get("jsonrpc").getAsString())) {
            sendError(replyId, -32600, "Invalid request: \"method\" must be a string and \"jsonrpc\" must be \"2.0\".");
            return;
        }
        Message message;
        try {
            message = json.parseMessage("$/cancel_request".equals(method.getAsString()) ? asLsp4jCancel(object) : line);
        } catch (MessageIssueException | JsonParseException e) {
            if (id != null && !id.isJsonNull()) {
                sendError(id, -32602, "Invalid params: " + e.getMessage());
            }
            return;
        }
        endpoint.consume(message);
    }

    /** The JSON value of the whole line, or {@code null} when it is not exactly one strict JSON value. */
    private static JsonElement parseStrictly(String line) {
        try {
            JsonReader reader = new JsonReader(new StringReader(line));
            reader.setStrictness(Strictness.STRICT);
            JsonElement value = JsonParser.parseReader(reader);
            return reader.peek() == JsonToken.END_DOCUMENT ? value : null;
        } catch (RuntimeException | IOException e) {
            return null;
        }
    }

    private static boolean isString(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }

    /** ACP's {@code $/cancel_request {requestId}} as LSP4J's {@code $/cancelRequest {id}}, which cancels the request's future. */
    private static String asLsp4jCancel(JsonObject cancel) {
        JsonElement params = cancel.get("params");
        JsonObject lsp = new JsonObject();
        lsp.addProperty("jsonrpc", "2.0");
        lsp.addProperty("method", "$/cancelRequest");
        JsonObject idParams = new JsonObject();
        if (params != null && params.isJsonObject() && params.getAsJsonObject().has("requestId")) {
            idParams.add("id", params.getAsJsonObject().get("requestId"));
        }
        lsp.add("params", idParams);
        return lsp.toString();
    }

    private void notifyClient(String method, JsonElement params) {
        endpoint.notify(method, params);
    }

    private void send(Message message) {
        write(json.serialize(message));
    }

    private void sendError(JsonElement id, int code, String message) {
        JsonObject error = new JsonObject();
        error.addProperty("code", code);
        error.addProperty("message", message);
        JsonObject response = new JsonObject();
        response.addProperty("jsonrpc", "2.0");
        response.add("id", id);
        response.add("error", error);
        write(response.toString());
    }

    private void write(String line) {
        if (outputBroken) {
            return;
        }
        try {
            output.writeLine(line);
        } catch (IOException e) {
            outputBroken = true;
            LOG.debug("stdout closed: " + e.getMessage());
        }
    }

    private void stop() {
        service.cancelAll();
        ChatBackend.closeAll(backends);
        workers.shutdownNow();
    }
}
