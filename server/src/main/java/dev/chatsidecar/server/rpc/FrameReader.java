package dev.chatsidecar.server.rpc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.chatsidecar.protocol.ErrorData;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.log.Log;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.MessageIssueException;
import org.eclipse.lsp4j.jsonrpc.MessageProducer;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.Message;

/**
 * Reads {@code Content-Length} framed JSON-RPC messages from stdin and hands valid ones to LSP4J.
 * Whatever is wrong with a frame is answered here with the standard JSON-RPC error, and reading goes
 * on: a bad header (re-synchronised at the next {@code Content-Length}), a declared length over
 * {@link #MAX_CONTENT_LENGTH} (skipped without being stored), invalid JSON (-32700), something that
 * is not a request object or has a null {@code id} (-32600), params of the wrong shape (-32602), and requests that the
 * lifecycle does not admit yet (-32002).
 */
public final class FrameReader implements MessageProducer {
    /** The largest frame body accepted, in bytes (4 MiB). */
    public static final int MAX_CONTENT_LENGTH = 4 * 1024 * 1024;
    /** The longest header line accepted, in bytes. */
    static final int MAX_HEADER_LINE = 8 * 1024;

    private static final Log LOG = Log.get(FrameReader.class);
    private static final String CONTENT_LENGTH = "content-length:";

    private final InputStream in;
    private final MessageJsonHandler json;
    private final OutboundWriter writer;
    private final Lifecycle lifecycle;

    public FrameReader(InputStream in, MessageJsonHandler json, OutboundWriter writer, Lifecycle lifecycle) {
        this.in = in;
        this.json = json;
        this.writer = writer;
        this.lifecycle = lifecycle;
    }

    /** Reads until end of input, then returns. */
    @Override
    public void listen(MessageConsumer consumer) {
        try {
            while (true) {
                long length = readHeaders();
                if (length == EOF) {
                    return;
                }
                if (length == BAD_HEADER) {
                    continue;
                }
                if (length > MAX_CONTENT_LENGTH) {
                    LOG.warn("refused a frame of " + length + " bytes (limit " + MAX_CONTENT_LENGTH + ")");
                    sendError(null, -32600, "Frame too large: Content-Length " + length
                            + " exceeds the limit of " + MAX_CONTENT_LENGTH + " bytes.");
                    if (!skip(length)) {
                        return;
                    }
                    continue;
                }
                byte[] body = in.readNBytes((int) length);
                if (body.length < length) {
                    LOG.warn("input ended inside a frame body");
                    return;
                }
                handle(new String(body, StandardCharsets.UTF_8), consumer);
            }
        } catch (IOException e) {
            LOG.debug("stdin closed: " + e.getMessage());
        }
    }

    /** Stops reading by closing the input. */
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing left to read either way
        }
    }

    private static final long EOF = -1;
    private static final long BAD_HEADER = -2;

    private long readHeaders() throws IOException {
        long length = -3;
        boolean sawAnything = false;
        String problem = null;
        while (true) {
            String line = readLine();
            if (line == null) {
                return EOF;
            }
            if (line.isEmpty()) {
                if (!sawAnything) {
                    continue;
                }
                break;
            }
            sawAnything = true;
            int at = line.toLowerCase(java.util.Locale.ROOT).indexOf(CONTENT_LENGTH);
            if (at > 0) {
                problem = "unexpected bytes before a header";
                line = line.substring(at);
            }
            if (at >= 0) {
                String value = line.substring(CONTENT_LENGTH.length()).trim();
                try {
                    length = Long.parseLong(value);
                    if (length < 0) {
                        problem = "negative Content-Length " + value;
                    }
                } catch (NumberFormatException e) {
                    problem = "Content-Length is not a number: \"" + abbreviate(value) + "\"";
                }
            } else if (!line.contains(":")) {
                problem = "malformed header line \"" + abbreviate(line) + "\"";
            }
        }
        if (length == -3 && problem == null) {
            problem = "missing Content-Length header";
        }
        if (problem != null && (length < 0 || length == -3)) {
            LOG.warn("bad frame header: " + problem);
            sendError(null, -32700, "Parse error: " + problem + ".");
            return BAD_HEADER;
        }
        if (problem != null) {
            LOG.warn("skipped garbage before a frame: " + problem);
        }
        return length;
    }

    /** One header line without its CR LF; {@code null} at end of input. Overlong lines are cut. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                break;
            }
            if (line.size() < MAX_HEADER_LINE) {
                line.write(b);
            }
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private boolean skip(long length) throws IOException {
        byte[] buffer = new byte[8192];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                return false;
            }
            left -= n;
        }
        return true;
    }

    private void handle(String body, MessageConsumer consumer) {
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(body);
        } catch (RuntimeException e) {
            sendError(null, -32700, "Parse error: the frame body is not valid JSON.");
            return;
        }
        if (!parsed.isJsonObject()) {
            sendError(null, -32600, "Invalid request: expected a JSON object"
                    + (parsed.isJsonArray() ? " (batches are not supported)." : "."));
            return;
        }
        JsonObject object = parsed.getAsJsonObject();
        JsonElement id = object.get("id");
        JsonElement method = object.get("method");
        if (id != null && !(id.isJsonPrimitive() && (id.getAsJsonPrimitive().isString()
                || id.getAsJsonPrimitive().isNumber())) && !id.isJsonNull()) {
            sendError(null, -32600, "Invalid request: \"id\" must be a string or a number.");
            return;
        }
        if (method == null) {
            if (object.has("result") || object.has("error")) {
                LOG.debug("ignored a response from the client (the server sends no requests)");
                return;
            }
            sendError(id, -32600, "Invalid request: \"method\" is missing.");
            return;
        }
        if (!method.isJsonPrimitive() || !method.getAsJsonPrimitive().isString()) {
            sendError(id, -32600, "Invalid request: \"method\" must be a string.");
            return;
        }
        if (!"2.0".equals(stringOrNull(object.get("jsonrpc")))) {
            sendError(id, -32600, "Invalid request: \"jsonrpc\" must be \"2.0\".");
            return;
        }
        JsonElement params = object.get("params");
        if (params != null && !params.isJsonNull() && !params.isJsonObject() && !params.isJsonArray()) {
            if (id != null) {
                sendInvalidParams(id, "\"params\" must be an object.");
            }
            return;
        }
        if (id != null && id.isJsonNull()) {
            // JSON-RPC: a member "id" makes it a request, and a request is answered; null cannot be matched to one
            sendError(null, -32600, "Invalid request: \"id\" is null; use a string or a number, or leave \"id\" out "
                    + "for a notification.");
            return;
        }
        boolean isRequest = id != null;
        String methodName = method.getAsString();
        if (isRequest) {
            Lifecycle.Refusal refusal = lifecycle.refuse(methodName);
            if (refusal != null) {
                sendError(id, refusal.code(), refusal.message(), refusalData(refusal));
                return;
            }
        } else if (lifecycle.state() == Lifecycle.State.STARTED && !"exit".equals(methodName)
                && !methodName.startsWith("$/")) {
            LOG.debug("ignored notification " + methodName + " before initialize");
            return;
        }
        Message message;
        try {
            message = json.parseMessage(body);
        } catch (MessageIssueException e) {
            if (isRequest) {
                sendInvalidParams(id, e.getMessage());
            }
            return;
        } catch (RuntimeException e) {
            if (isRequest) {
                sendInvalidParams(id, "params do not match the method: " + e.getMessage());
            } else {
                LOG.warn("dropped notification " + methodName + ": " + e.getMessage());
            }
            return;
        }
        consumer.consume(message);
    }

    private static JsonObject refusalData(Lifecycle.Refusal refusal) {
        ErrorData data = new ErrorData(ErrorType.INVALID_REQUEST, refusal.message(),
                refusal.code() == -32002 ? "Send \"initialize\" (and then \"initialized\") before other requests."
                        : "Start a new sidecar process for a new session.", false);
        return (JsonObject) new com.google.gson.Gson().toJsonTree(data);
    }

    private void sendInvalidParams(JsonElement id, String message) {
        ErrorData data = new ErrorData(ErrorType.INVALID_REQUEST, "Invalid params: " + message,
                "Check the request against docs/protocol.md.", false);
        sendError(id, ErrorType.INVALID_REQUEST.code(), data.message,
                (JsonObject) new com.google.gson.Gson().toJsonTree(data));
    }

    private void sendError(JsonElement id, int code, String message) {
        sendError(id, code, message, null);
    }

    private void sendError(JsonElement id, int code, String message, JsonObject data) {
        JsonObject error = new JsonObject();
        error.addProperty("code", code);
        error.addProperty("message", message);
        if (data != null) {
            error.add("data", data);
        }
        JsonObject response = new JsonObject();
        response.addProperty("jsonrpc", "2.0");
        response.add("id", id == null ? com.google.gson.JsonNull.INSTANCE : id);
        response.add("error", error);
        writer.sendRaw(response);
    }

    private static String stringOrNull(JsonElement e) {
        return e != null && e.isJsonPrimitive() && ((JsonPrimitive) e).isString() ? e.getAsString() : null;
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
