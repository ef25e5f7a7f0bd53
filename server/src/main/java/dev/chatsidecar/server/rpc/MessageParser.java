package dev.chatsidecar.server.rpc;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.eclipse.lsp4j.jsonrpc.messages.CancelParams;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.NotificationMessage;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;

/**
 * Turns one frame body into an LSP4J {@link Message}, parsing it once and strictly (RFC 8259: no
 * single quotes, unquoted names, {@code NaN}, comments or trailing data), or into the error that
 * answers it. Params stay a {@link JsonElement} (every method of the sidecar takes one); params
 * {@code []} count as no params (Neovim's LSP client encodes an empty table so).
 */
final class MessageParser {
    private static final String CANCEL_REQUEST = "$/cancelRequest";

    private MessageParser() {
    }

    /** The outcome: a message, or an error for {@code id} (null when unknown), or nothing to do. */
    record Parsed(Message message, Either<String, Number> id, ResponseError error) {
        static Parsed ignored() {
            return new Parsed(null, null, null);
        }
    }

    static Parsed parse(byte[] body) {
        JsonElement parsed;
        try {
            parsed = strict(body);
        } catch (JsonParseException | IOException | IllegalStateException | NumberFormatException e) {
            return refused(null, ErrorResponses.parseError("Parse error: the message is not valid JSON."));
        }
        if (!parsed.isJsonObject()) {
            return refused(null, ErrorResponses.invalidRequest("Invalid request: expected a JSON object"
                    + (parsed.isJsonArray() ? " (batches are not supported)." : ".")));
        }
        return shape(parsed.getAsJsonObject());
    }

    /** One JSON value from UTF-8 bytes, strictly; nothing but white space may follow it. */
    static JsonElement strict(byte[] body) throws IOException {
        JsonReader reader = new JsonReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        reader.setStrictness(Strictness.STRICT);
        JsonElement element = JsonParser.parseReader(reader);
        if (reader.peek() != JsonToken.END_DOCUMENT) {
            throw new JsonParseException("data after the value");
        }
        return element;
    }

    /**
     * The id of a request body without building its tree (values are skipped, not stored): for
     * answering a request on its own id when there is no memory to parse it. {@code null} when none.
     */
    static Either<String, Number> scanId(byte[] body) {
        try {
            JsonReader reader = new JsonReader(new InputStreamReader(new ByteArrayInputStream(body),
                    StandardCharsets.UTF_8));
            reader.beginObject();
            while (reader.hasNext()) {
                if (!reader.nextName().equals("id")) {
                    reader.skipValue();
                } else if (reader.peek() == JsonToken.STRING) {
                    return Either.forLeft(reader.nextString());
                } else if (reader.peek() == JsonToken.NUMBER) {
                    return Either.forRight(reader.nextInt());
                } else {
                    return null;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    private static Parsed shape(JsonObject object) {
        JsonElement idElement = object.get("id");
        String idProblem = idProblem(idElement);
        if (idProblem != null) {
            return refused(null, ErrorResponses.invalidRequest("Invalid request: " + idProblem));
        }
        Either<String, Number> id = ErrorResponses.idOf(idElement);
        JsonElement method = object.get("method");
        if (method == null) {
            if (object.has("result") || object.has("error")) {
                return Parsed.ignored(); // a response: the server sends no requests
            }
            return refused(id, ErrorResponses.invalidRequest("Invalid request: \"method\" is missing."));
        }
        if (!method.isJsonPrimitive() || !method.getAsJsonPrimitive().isString()) {
            return refused(id, ErrorResponses.invalidRequest("Invalid request: \"method\" must be a string."));
        }
        JsonElement version = object.get("jsonrpc");
        if (version == null || !version.isJsonPrimitive() || !"2.0".equals(version.getAsString())) {
            return refused(id, ErrorResponses.invalidRequest("Invalid request: \"jsonrpc\" must be \"2.0\"."));
        }
        if (idElement != null && idElement.isJsonNull()) {
            // JSON-RPC: a member "id" makes it a request, and a request is answered; null cannot be matched to one
            return refused(null, ErrorResponses.invalidRequest("Invalid request: \"id\" is null; use a string or a "
                    + "number, or leave \"id\" out for a notification."));
        }
        JsonElement params = object.get("params");
        if (params != null && !params.isJsonNull() && !params.isJsonObject() && !isEmptyArray(params)) {
            return id == null ? Parsed.ignored() : refused(id, ErrorResponses.invalidParams(
                    "Invalid params: \"params\" must be an object.", "Check the request against docs/protocol.md."));
        }
        if (params != null && !params.isJsonObject()) {
            params = null;
        }
        return new Parsed(message(id, method.getAsString(), params), id, null);
    }

    /** Why {@code id} cannot be used, or {@code null}. LSP4J keeps numeric ids as 32-bit integers. */
    private static String idProblem(JsonElement id) {
        if (id == null || id.isJsonNull()) {
            return null;
        }
        if (!id.isJsonPrimitive() || id.getAsJsonPrimitive().isBoolean()) {
            return "\"id\" must be a string or a number.";
        }
        JsonPrimitive primitive = id.getAsJsonPrimitive();
        if (primitive.isNumber()) {
            BigDecimal value = new BigDecimal(primitive.getAsString());
            if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0
                    || value.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0
                    || value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
                return "a numeric \"id\" must be a whole number from -2147483648 to 2147483647 (or use a string).";
            }
        }
        return null;
    }

    private static Message message(Either<String, Number> id, String method, JsonElement params) {
        if (id != null) {
            RequestMessage request = new RequestMessage();
            request.setJsonrpc("2.0");
            request.setRawId(id);
            request.setMethod(method);
            request.setParams(params);
            return request;
        }
        NotificationMessage notification = new NotificationMessage();
        notification.setJsonrpc("2.0");
        notification.setMethod(method);
        notification.setParams(CANCEL_REQUEST.equals(method) ? cancelParams(params) : params);
        return notification;
    }

    /** LSP4J cancels a request only for {@link CancelParams}; anything else it logs and drops. */
    private static Object cancelParams(JsonElement params) {
        JsonElement id = params == null ? null : params.getAsJsonObject().get("id");
        if (idProblem(id) != null || ErrorResponses.idOf(id) == null) {
            return params;
        }
        CancelParams cancel = new CancelParams();
        cancel.setRawId(ErrorResponses.idOf(id));
        return cancel;
    }

    private static boolean isEmptyArray(JsonElement params) {
        return params.isJsonArray() && ((JsonArray) params).isEmpty();
    }

    private static Parsed refused(Either<String, Number> id, ResponseError error) {
        return new Parsed(null, id, error);
    }
}
