package dev.chatsidecar.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.backend.ChatBackend;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real JSON-RPC server in-process, initialised with settings, and streamed {@code chat/complete}
 * calls checked against the contract: one {@code begin}, gap-free reports, one {@code end}, and error
 * responses whose {@code data} carries what the contract promises.
 */
public final class ServedSidecar implements AutoCloseable {
    public final InProcessServer server;
    private final Map<Integer, String> tokens = new HashMap<>();
    private int nextToken;

    /** @param initializationOptions a Settings object as JSON, or {@code null} */
    public ServedSidecar(List<ChatBackend> backends, String initializationOptions) {
        this(backends, initializationOptions, Map.of());
    }

    /** @param env the environment the server's settings see (nothing of the real one leaks in) */
    public ServedSidecar(List<ChatBackend> backends, String initializationOptions, Map<String, String> env) {
        server = new InProcessServer(backends, env, null);
        JsonObject init = server.client.initialize(initializationOptions);
        assertTrue(init.has("result"), "initialize: " + init);
    }

    /** Sends a streamed {@code chat/complete} for one user message and returns its id. */
    public int start(String prompt) {
        return start(prompt, null);
    }

    /** Sends a streamed {@code chat/complete} for one user message to {@code model} (may be {@code null}). */
    public synchronized int start(String prompt, String model) {
        String token = "w" + ++nextToken;
        JsonObject params = new JsonObject();
        JsonObject message = new JsonObject();
        message.addProperty("role", "user");
        message.addProperty("content", prompt);
        com.google.gson.JsonArray messages = new com.google.gson.JsonArray();
        messages.add(message);
        params.add("messages", messages);
        params.add("workDoneToken", new JsonPrimitive(token));
        if (model != null) {
            params.addProperty("model", model);
        }
        int id = server.client.request("chat/complete", params);
        tokens.put(id, token);
        return id;
    }

    /** Waits for the response to {@code id}. */
    public Answer await(int id) {
        JsonObject response = server.client.response(id);
        String token;
        synchronized (this) {
            token = tokens.get(id);
        }
        return new Answer(response, server.client.progress(token));
    }

    /** {@link #start} then {@link #await}. */
    public Answer complete(String prompt) {
        return await(start(prompt));
    }

    @Override
    public void close() {
        server.close();
    }

    /** A response and the progress values of its token, in arrival order. */
    public record Answer(JsonObject response, List<JsonObject> progress) {
        public JsonObject result() {
            assertTrue(response.has("result"), "expected a result: " + response);
            return response.getAsJsonObject("result");
        }

        public JsonObject error() {
            assertTrue(response.has("error"), "expected an error: " + response);
            return response.getAsJsonObject("error");
        }

        public JsonObject data() {
            return error().getAsJsonObject("data");
        }

        /** The report deltas joined, after checking begin/reports/end are well formed. */
        public String streamedText() {
            assertFalse(progress.isEmpty(), "no progress at all for " + response);
            assertEquals("begin", progress.get(0).get("kind").getAsString(), "begin first: " + progress);
            assertEquals("end", progress.get(progress.size() - 1).get("kind").getAsString(), "end last: " + progress);
            StringBuilder text = new StringBuilder();
            for (int i = 1; i < progress.size() - 1; i++) {
                JsonObject value = progress.get(i);
                assertEquals("report", value.get("kind").getAsString(), "only reports between begin and end: " + progress);
                assertEquals(i, value.get("seq").getAsInt(), "seq without gaps");
                text.append(value.get("delta").getAsString());
            }
            return text.toString();
        }

        public String finishReason() {
            streamedText();
            return progress.get(progress.size() - 1).get("finishReason").getAsString();
        }

        /** A successful answer whose streamed deltas are exactly {@code expected}. */
        public void assertAnswered(String expected) {
            assertEquals(expected, result().get("text").getAsString(), "result text");
            assertEquals(expected, streamedText(), "streamed deltas");
            assertEquals(result().get("finishReason").getAsString(), finishReason());
        }

        /**
         * A failure of {@code type} as the contract describes it: the fixed code; {@code type},
         * {@code message}, {@code hint}, {@code retryable} present; {@code httpStatus} exactly when
         * given; {@code partialText} equal to the streamed text whenever text was streamed; the
         * {@code end} progress (error, or cancelled) before the response.
         *
         * @param httpStatus   expected status, {@code null} when none may be present
         * @param partialText  the text streamed before the failure ("" or {@code null} when none)
         */
        public JsonObject assertFailure(ErrorType type, Integer httpStatus, String partialText) {
            JsonObject error = error();
            JsonObject data = error.getAsJsonObject("data");
            assertNotNull(data, "error data: " + response);
            assertEquals(type.code(), error.get("code").getAsInt(), "code of " + data);
            assertEquals(type.wireName(), data.get("type").getAsString(), "type of " + data);
            assertFalse(data.get("message").getAsString().isBlank(), "message: " + data);
            assertTrue(data.has("hint") && !data.get("hint").getAsString().isBlank(), "hint: " + data);
            assertTrue(data.get("retryable").isJsonPrimitive() && data.get("retryable").getAsJsonPrimitive().isBoolean(),
                    "retryable: " + data);
            if (httpStatus == null) {
                assertFalse(data.has("httpStatus"), "no httpStatus expected: " + data);
            } else {
                assertEquals(httpStatus.intValue(), data.get("httpStatus").getAsInt(), "httpStatus of " + data);
            }
            String streamed = streamedText();
            String expectedPartial = partialText == null ? "" : partialText;
            assertEquals(expectedPartial, streamed, "streamed text before the failure");
            if (expectedPartial.isEmpty() && type != ErrorType.CANCELLED) {
                assertFalse(data.has("partialText"), "no partialText expected: " + data);
            } else {
                assertEquals(expectedPartial, data.get("partialText").getAsString(), "partialText of " + data);
            }
            assertEquals(type == ErrorType.CANCELLED ? "cancelled" : "error", finishReason());
            return data;
        }
    }
}
