package dev.chatsidecar.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/** The JSON shapes of one OpenAI chat completion: stream chunks, usage and the whole response. */
final class OpenAiChunks {
    private final String id;
    private final String model;
    private final long created;
    private final boolean withUsageField;

    OpenAiChunks(String id, String model, long created, boolean withUsageField) {
        this.id = id;
        this.model = model;
        this.created = created;
        this.withUsageField = withUsageField;
    }

    /** A chunk with one choice; {@code finishReason} null while streaming. */
    String chunk(JsonObject delta, String finishReason) {
        JsonObject choice = new JsonObject();
        choice.addProperty("index", 0);
        choice.add("delta", delta);
        choice.add("logprobs", JsonNull.INSTANCE);
        if (finishReason == null) {
            choice.add("finish_reason", JsonNull.INSTANCE);
        } else {
            choice.addProperty("finish_reason", finishReason);
        }
        JsonArray choices = new JsonArray();
        choices.add(choice);
        JsonObject chunk = envelope("chat.completion.chunk", choices);
        if (withUsageField) {
            chunk.add("usage", JsonNull.INSTANCE);
        }
        return FakeJson.compact(chunk);
    }

    /** The last chunk when usage was asked for: no choices, only usage. */
    String usageChunk(int promptTokens, int completionTokens) {
        JsonObject chunk = envelope("chat.completion.chunk", new JsonArray());
        chunk.add("usage", usage(promptTokens, completionTokens));
        return FakeJson.compact(chunk);
    }

    /** The non-streaming response. */
    String completion(String text, String finishReason, int promptTokens, int completionTokens) {
        JsonObject message = new JsonObject();
        message.addProperty("role", "assistant");
        message.addProperty("content", text);
        message.add("refusal", JsonNull.INSTANCE);
        JsonObject choice = new JsonObject();
        choice.addProperty("index", 0);
        choice.add("message", message);
        choice.add("logprobs", JsonNull.INSTANCE);
        choice.addProperty("finish_reason", finishReason);
        JsonArray choices = new JsonArray();
        choices.add(choice);
        JsonObject completion = envelope("chat.completion", choices);
        completion.add("usage", usage(promptTokens, completionTokens));
        return FakeJson.compact(completion);
    }

    static JsonObject delta(String role, String content) {
        JsonObject delta = new JsonObject();
        if (role != null) {
            delta.addProperty("role", role);
        }
        if (content != null) {
            delta.addProperty("content", content);
        }
        return delta;
    }

    private JsonObject envelope(String object, JsonArray choices) {
        JsonObject json = new JsonObject();
        json.addProperty("id", id);
        json.addProperty("object", object);
        json.addProperty("created", created);
        json.addProperty("model", model);
        json.addProperty("system_fingerprint", "fp_fake");
        json.add("choices", choices);
        return json;
    }

    private static JsonObject usage(int promptTokens, int completionTokens) {
        JsonObject usage = new JsonObject();
        usage.addProperty("prompt_tokens", promptTokens);
        usage.addProperty("completion_tokens", completionTokens);
        usage.addProperty("total_tokens", promptTokens + completionTokens);
        return usage;
    }
}
