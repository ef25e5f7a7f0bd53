package dev.chatsidecar.server.openai;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.chatsidecar.protocol.ChatCompleteResult;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.http.ErrorBodies;
import dev.chatsidecar.server.upstream.BackendException;

/**
 * Decodes the events of a streamed Chat Completion ({@code chat.completion.chunk} objects, then
 * {@code [DONE]}), as OpenAI, Ollama, llama.cpp server and vLLM send them:
 * <ul>
 *   <li>the first chunk often carries only {@code delta.role}; later ones {@code delta.content},
 *       which may be empty or {@code null} (e.g. beside {@code reasoning_content}) — only content is text;</li>
 *   <li>{@code finish_reason} arrives on the last choice chunk;</li>
 *   <li>with {@code stream_options.include_usage} a last chunk has {@code "choices": []} and {@code usage};</li>
 *   <li>an {@code {"error": ...}} object inside the stream is the server failing mid-answer.</li>
 * </ul>
 * Only choice index 0 is read. Not thread-safe.
 */
final class ChatCompletionStream {
    static final String DONE = "[DONE]";

    private final OpenAiErrors errors;
    private final String service;
    private boolean done;
    private String finishReason;
    private ChatCompleteResult.Usage usage;

    ChatCompletionStream(OpenAiErrors errors, String service) {
        this.errors = errors;
        this.service = service;
    }

    /**
     * Takes the data of one event and returns the answer text it carries (possibly empty).
     *
     * @throws BackendException {@code upstream_error} for an error object, {@code protocol_error} for
     *                          data that is not a chunk
     */
    String accept(String data) throws BackendException {
        String trimmed = data.trim();
        if (trimmed.equals(DONE)) {
            done = true;
            return "";
        }
        if (trimmed.isEmpty()) {
            return "";
        }
        JsonObject chunk = object(trimmed);
        if (chunk == null) {
            throw errors.notUnderstood(200, "a stream event that is not a JSON chunk", trimmed);
        }
        if (chunk.has("error") && !chunk.get("error").isJsonNull()) {
            String detail = ErrorBodies.detailText(chunk);
            throw errors.scrub(new BackendException(ErrorType.UPSTREAM_ERROR, service + " reported an error while "
                    + "answering" + (detail == null ? "." : ": " + detail), "Try again; the text received so far is kept.",
                    true));
        }
        readUsage(chunk.get("usage"));
        JsonElement choices = chunk.get("choices");
        if (choices == null || choices.isJsonNull()) {
            if (chunk.has("usage")) {
                return "";
            }
            throw errors.notUnderstood(200, "a stream chunk without \"choices\"", trimmed);
        }
        if (!choices.isJsonArray()) {
            throw errors.notUnderstood(200, "a stream chunk whose \"choices\" is not a list", trimmed);
        }
        StringBuilder text = new StringBuilder();
        for (JsonElement element : (JsonArray) choices) {
            if (!element.isJsonObject()) {
                continue;
            }
            JsonObject choice = element.getAsJsonObject();
            JsonElement index = choice.get("index");
            if (index != null && index.isJsonPrimitive()
                    && !(index.getAsJsonPrimitive().isNumber() && index.getAsInt() == 0)) {
                continue; // another choice, or an index that is not a number: not ours either way
            }
            // "message" instead of "delta": a server that sent one whole completion despite stream: true
            JsonElement delta = choice.has("delta") ? choice.get("delta") : choice.get("message");
            if (delta != null && delta.isJsonObject()) {
                JsonElement content = delta.getAsJsonObject().get("content");
                if (content != null && content.isJsonPrimitive()) {
                    text.append(content.getAsString());
                }
            }
            JsonElement reason = choice.get("finish_reason");
            if (reason != null && reason.isJsonPrimitive()) {
                finishReason = reason.getAsString();
            }
        }
        return text.toString();
    }

    /** Whether {@code [DONE]} arrived. */
    boolean done() {
        return done;
    }

    /** Whether the answer is complete: {@code [DONE]}, or a finish reason (some servers end without {@code [DONE]}). */
    boolean complete() {
        return done || finishReason != null;
    }

    /** The server's {@code finish_reason} ({@code stop}, {@code length}, ...), or {@code null}. */
    String finishReason() {
        return finishReason;
    }

    /** Token counts from the usage chunk, or {@code null}. */
    ChatCompleteResult.Usage usage() {
        return usage;
    }

    private void readUsage(JsonElement element) {
        if (element == null || !element.isJsonObject()) {
            return;
        }
        JsonObject u = element.getAsJsonObject();
        usage = new ChatCompleteResult.Usage(integer(u, "prompt_tokens"), integer(u, "completion_tokens"),
                integer(u, "total_tokens"));
    }

    private static Integer integer(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? e.getAsInt() : null;
    }

    private static JsonObject object(String text) {
        try {
            JsonElement element = JsonParser.parseString(text);
            return element.isJsonObject() ? element.getAsJsonObject() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
