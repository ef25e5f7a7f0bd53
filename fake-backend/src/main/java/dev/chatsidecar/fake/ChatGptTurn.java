package dev.chatsidecar.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.math.BigDecimal;

/** One answer being streamed on the ChatGPT side: its ids and the JSON shapes of its messages. */
final class ChatGptTurn {
    final String conversationId;
    final String assistantMessageId;
    final String userMessageId;
    final String prompt;
    final String modelSlug;
    /** Seconds since the epoch with milliseconds, written plainly (1728300000.123) like the real server. */
    final BigDecimal createTime;

    ChatGptTurn(String conversationId, String assistantMessageId, String userMessageId, String prompt,
            String modelSlug, BigDecimal createTime) {
        this.conversationId = conversationId;
        this.assistantMessageId = assistantMessageId;
        this.userMessageId = userMessageId;
        this.prompt = prompt;
        this.modelSlug = modelSlug;
        this.createTime = createTime;
    }

    /** The assistant message with the given text so far; finish type null while in progress. */
    JsonObject assistantMessage(String text, String finishType) {
        return assistantMessage(text, finishType, null);
    }

    /** The same on a channel ({@code "final"}, or null for none: 2024 streams). */
    JsonObject assistantMessage(String text, String finishType, String channel) {
        JsonObject message = assistantMessageNoChannel(text, finishType);
        if (channel != null) {
            message.addProperty("channel", channel);
        }
        return message;
    }

    /** 2026 mode: the reasoning message ({@code channel: "analysis"}) that precedes the answer, in progress. */
    JsonObject analysisMessage() {
        JsonObject metadata = new JsonObject();
        metadata.addProperty("model_slug", modelSlug);
        metadata.addProperty("parent_id", userMessageId);
        JsonObject message = message(analysisMessageId(), "assistant", "", "in_progress", false, metadata);
        message.addProperty("channel", "analysis");
        return message;
    }

    String analysisMessageId() {
        return "analysis-" + assistantMessageId;
    }

    private JsonObject assistantMessageNoChannel(String text, String finishType) {
        JsonObject metadata = new JsonObject();
        metadata.add("citations", new JsonArray());
        metadata.addProperty("message_type", "next");
        metadata.addProperty("model_slug", modelSlug);
        metadata.addProperty("default_model_slug", modelSlug);
        metadata.addProperty("parent_id", userMessageId);
        if (finishType != null) {
            metadata.add("finish_details", finishDetails(finishType));
            metadata.addProperty("is_complete", true);
        }
        return message(assistantMessageId, "assistant", text,
                finishType == null ? "in_progress" : "finished_successfully", finishType != null, metadata);
    }

    /** The echo of the user's message (legacy streams start with it). */
    JsonObject userMessage() {
        return message(userMessageId, "user", prompt, "finished_successfully", false, new JsonObject());
    }

    /** {@code {"message": message, "conversation_id": ..., "error": null}}. */
    JsonObject root(JsonObject message) {
        JsonObject root = new JsonObject();
        root.add("message", message);
        root.addProperty("conversation_id", conversationId);
        root.add("error", JsonNull.INSTANCE);
        return root;
    }

    /** The legacy in-stream error object. */
    JsonObject error(String text) {
        JsonObject root = new JsonObject();
        root.add("message", JsonNull.INSTANCE);
        root.addProperty("conversation_id", conversationId);
        root.addProperty("error", text);
        return root;
    }

    static JsonObject finishDetails(String type) {
        JsonObject details = new JsonObject();
        details.addProperty("type", type);
        JsonArray stopTokens = new JsonArray();
        stopTokens.add(200002);
        details.add("stop_tokens", stopTokens);
        return details;
    }

    private JsonObject message(String id, String role, String text, String status, boolean endTurn,
            JsonObject metadata) {
        JsonObject author = new JsonObject();
        author.addProperty("role", role);
        author.add("name", JsonNull.INSTANCE);
        author.add("metadata", new JsonObject());
        JsonObject content = new JsonObject();
        content.addProperty("content_type", "text");
        JsonArray parts = new JsonArray();
        parts.add(text);
        content.add("parts", parts);
        JsonObject message = new JsonObject();
        message.addProperty("id", id);
        message.add("author", author);
        message.addProperty("create_time", createTime);
        message.add("update_time", JsonNull.INSTANCE);
        message.add("content", content);
        message.addProperty("status", status);
        if (endTurn) {
            message.addProperty("end_turn", true);
        } else {
            message.add("end_turn", JsonNull.INSTANCE);
        }
        message.addProperty("weight", 1.0);
        message.add("metadata", metadata);
        message.addProperty("recipient", "all");
        message.add("channel", JsonNull.INSTANCE);
        return message;
    }
}
