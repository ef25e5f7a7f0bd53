package dev.chatsidecar.server.chat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.chatsidecar.protocol.ChatCompleteParams;
import dev.chatsidecar.protocol.ChatMessage;
import dev.chatsidecar.protocol.ConversationRef;
import dev.chatsidecar.protocol.GenerationOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Turns raw {@code chat/complete} params into {@link ChatCompleteParams}, or says exactly what is wrong. */
public final class CompleteRequestParser {
    private static final Set<String> ROLES = Set.of(ChatMessage.SYSTEM, ChatMessage.USER, ChatMessage.ASSISTANT);

    private CompleteRequestParser() {
    }

    /**
     * @throws InvalidParamsException naming the offending member
     */
    public static ChatCompleteParams parse(JsonElement raw) throws InvalidParamsException {
        if (raw == null || !raw.isJsonObject()) {
            throw new InvalidParamsException("params must be an object with a \"messages\" list");
        }
        JsonObject o = raw.getAsJsonObject();
        ChatCompleteParams params = new ChatCompleteParams();
        params.messages = messages(o.get("messages"));
        params.model = optionalString(o, "model");
        JsonElement token = o.get("workDoneToken");
        if (token != null && !token.isJsonNull()) {
            if (!token.isJsonPrimitive() || token.getAsJsonPrimitive().isBoolean()) {
                throw new InvalidParamsException("\"workDoneToken\" must be a string or a number");
            }
            params.workDoneToken = token.getAsJsonPrimitive();
        }
        JsonElement conversation = o.get("conversation");
        if (conversation != null && !conversation.isJsonNull()) {
            if (!conversation.isJsonObject()) {
                throw new InvalidParamsException("\"conversation\" must be an object {id, parentMessageId}");
            }
            params.conversation = conversation(conversation.getAsJsonObject());
        }
        params.options = options(o.get("options"));
        return params;
    }

    /**
     * A conversation handle: both ids (as a result returned them), or neither ({@code null}: a new
     * chat). Half a handle cannot continue anything, so it is refused here, before {@code begin}.
     */
    private static ConversationRef conversation(JsonObject c) throws InvalidParamsException {
        String id = optionalString(c, "id", "conversation.id");
        String parent = optionalString(c, "parentMessageId", "conversation.parentMessageId");
        boolean hasId = id != null && !id.isBlank();
        boolean hasParent = parent != null && !parent.isBlank();
        if (hasId != hasParent) {
            throw new InvalidParamsException("\"conversation\" needs both \"id\" and \"parentMessageId\" (pass back the "
                    + "conversation of the previous result unchanged, or leave it out to start a new chat)");
        }
        return hasId ? new ConversationRef(id, parent) : null;
    }

    private static List<ChatMessage> messages(JsonElement element) throws InvalidParamsException {
        if (element == null || element.isJsonNull()) {
            throw new InvalidParamsException("\"messages\" is required: a non-empty list of {role, content}");
        }
        if (!element.isJsonArray()) {
            throw new InvalidParamsException("\"messages\" must be a list of {role, content}");
        }
        List<ChatMessage> messages = new ArrayList<>();
        int index = 0;
        for (JsonElement item : element.getAsJsonArray()) {
            String where = "messages[" + index + "]";
            if (!item.isJsonObject()) {
                throw new InvalidParamsException(where + " must be an object {role, content}");
            }
            JsonObject m = item.getAsJsonObject();
            String role = optionalString(m, "role", where + ".role");
            if (role == null || !ROLES.contains(role)) {
                throw new InvalidParamsException(where + ".role must be \"system\", \"user\" or \"assistant\""
                        + (role == null ? "" : ", got \"" + role + "\""));
            }
            String content = optionalString(m, "content", where + ".content");
            if (content == null) {
                throw new InvalidParamsException(where + ".content must be a string");
            }
            messages.add(new ChatMessage(role, content));
            index++;
        }
        if (messages.isEmpty()) {
            throw new InvalidParamsException("\"messages\" must not be empty");
        }
        if (!ChatMessage.USER.equals(messages.get(messages.size() - 1).role)) {
            throw new InvalidParamsException("the last entry of \"messages\" must have role \"user\"");
        }
        return messages;
    }

    private static GenerationOptions options(JsonElement element) throws InvalidParamsException {
        GenerationOptions options = new GenerationOptions();
        if (element == null || element.isJsonNull()) {
            return options;
        }
        if (!element.isJsonObject()) {
            throw new InvalidParamsException("\"options\" must be an object {temperature, maxTokens}");
        }
        JsonObject o = element.getAsJsonObject();
        JsonElement temperature = o.get("temperature");
        if (temperature != null && !temperature.isJsonNull()) {
            if (!isNumber(temperature) || temperature.getAsDouble() < 0 || temperature.getAsDouble() > 2) {
                throw new InvalidParamsException("options.temperature must be a number from 0 to 2");
            }
            options.temperature = temperature.getAsDouble();
        }
        JsonElement maxTokens = o.get("maxTokens");
        if (maxTokens != null && !maxTokens.isJsonNull()) {
            if (!isNumber(maxTokens) || maxTokens.getAsDouble() != Math.rint(maxTokens.getAsDouble())
                    || maxTokens.getAsDouble() < 1 || maxTokens.getAsDouble() > 1_000_000) {
                throw new InvalidParamsException("options.maxTokens must be a whole number from 1 to 1000000");
            }
            options.maxTokens = maxTokens.getAsInt();
        }
        return options;
    }

    private static boolean isNumber(JsonElement e) {
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber();
    }

    private static String optionalString(JsonObject o, String name) throws InvalidParamsException {
        return optionalString(o, name, name);
    }

    private static String optionalString(JsonObject o, String name, String where) throws InvalidParamsException {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive() || !((JsonPrimitive) e).isString()) {
            throw new InvalidParamsException("\"" + where + "\" must be a string");
        }
        return e.getAsString();
    }

    /** Params that do not match the contract; the message names the member. */
    public static final class InvalidParamsException extends Exception {
        private static final long serialVersionUID = 1L;

        public InvalidParamsException(String message) {
            super(message);
        }
    }
}
