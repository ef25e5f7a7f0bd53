package dev.chatsidecar.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** Checks of a conversation request body, with FastAPI-style 422 errors like the real server. */
final class ConversationBodyCheck {
    private static final String[] REQUIRED = {"action", "messages", "model", "parent_message_id"};

    private ConversationBodyCheck() {
    }

    /** The first required field that is missing or of the wrong type, or null. */
    static String missingField(JsonObject body) {
        for (String field : REQUIRED) {
            JsonElement value = body.get(field);
            boolean ok = field.equals("messages")
                    ? value != null && value.isJsonArray() && value.getAsJsonArray().size() > 0
                    : RequestJson.string(body, field) != null && !value.getAsString().isEmpty();
            if (!ok) {
                return field;
            }
        }
        return null;
    }

    /** {@code {"detail": [{"loc": ["body", field], "msg": "field required", "type": "value_error.missing"}]}}. */
    static String validationError(String field) {
        JsonArray loc = new JsonArray();
        loc.add("body");
        loc.add(field);
        JsonObject item = new JsonObject();
        item.add("loc", loc);
        item.addProperty("msg", "field required");
        item.addProperty("type", "value_error.missing");
        JsonArray detail = new JsonArray();
        detail.add(item);
        JsonObject body = new JsonObject();
        body.add("detail", detail);
        return FakeJson.compact(body);
    }

    /** The last message whose author role is "user" and whose content has a text part, or null. */
    static JsonObject lastUserMessage(JsonArray messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonElement element = messages.get(i);
            if (!element.isJsonObject()) {
                continue;
            }
            JsonObject message = element.getAsJsonObject();
            JsonElement author = message.get("author");
            String role = author != null && author.isJsonObject()
                    ? RequestJson.string(author.getAsJsonObject(), "role") : null;
            if ("user".equals(role) && text(message) != null) {
                return message;
            }
        }
        return null;
    }

    /** {@code content.parts[0]} when it is a string, else null. */
    static String text(JsonObject message) {
        JsonElement content = message.get("content");
        if (content == null || !content.isJsonObject()) {
            return null;
        }
        JsonElement parts = content.getAsJsonObject().get("parts");
        if (parts == null || !parts.isJsonArray() || parts.getAsJsonArray().size() == 0) {
            return null;
        }
        JsonElement first = parts.getAsJsonArray().get(0);
        return first.isJsonPrimitive() && first.getAsJsonPrimitive().isString() ? first.getAsString() : null;
    }
}
