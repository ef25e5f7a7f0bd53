package dev.chatsidecar.server.chatgpt;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.chatsidecar.protocol.ChatMessage;
import dev.chatsidecar.protocol.ConversationRef;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.upstream.BackendException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The JSON bodies of a conversation request (§4 and §8.1 of the protocol notes). A new chat sends every
 * message under a fresh parent id (2024 path) or {@value #NEW_CHAT_ROOT} ({@code f/conversation});
 * a follow-up names {@code conversation_id} and the last assistant message as
 * {@code parent_message_id}, and sends only the messages after the last assistant message — the
 * server already has the rest. Generation options have no equivalent here and are ignored.
 */
final class ConversationPayload {
    /** The parent of a new chat's first message on the {@code f/conversation} path. */
    static final String NEW_CHAT_ROOT = "client-created-root";

    private ConversationPayload() {
    }

    /** The 2024 body (the {@code /backend-anon/conversation} path). */
    static JsonObject build(List<ChatMessage> messages, String model, ConversationRef conversation, Clock clock,
                            ZoneId zone, Supplier<UUID> ids) throws BackendException {
        return build(messages, model, conversation, clock, zone, ids, false);
    }

    /**
     * @param ids     source of message and request ids (random UUIDs in production)
     * @param newPath the {@code f/conversation} form: {@value #NEW_CHAT_ROOT} as a new chat's parent and
     *                the zone's IANA name as {@code timezone}
     * @throws BackendException {@code invalid_request} when a conversation reference lacks one of its ids
     */
    static JsonObject build(List<ChatMessage> messages, String model, ConversationRef conversation, Clock clock,
                            ZoneId zone, Supplier<UUID> ids, boolean newPath) throws BackendException {
        boolean followUp = isFollowUp(conversation);
        List<ChatMessage> toSend = followUp ? afterLastAssistant(messages) : messages;
        JsonArray array = new JsonArray();
        BigDecimal createTime = BigDecimal.valueOf(clock.millis()).movePointLeft(3);
        for (ChatMessage message : toSend) {
            JsonObject author = new JsonObject();
            author.addProperty("role", message.role);
            JsonObject content = new JsonObject();
            content.addProperty("content_type", "text");
            JsonArray parts = new JsonArray();
            parts.add(message.content == null ? "" : message.content);
            content.add("parts", parts);
            JsonObject item = new JsonObject();
            item.addProperty("id", ids.get().toString());
            item.add("author", author);
            item.add("content", content);
            item.add("metadata", new JsonObject());
            item.addProperty("create_time", createTime);
            array.add(item);
        }
        JsonObject body = new JsonObject();
        body.addProperty("action", "next");
        body.add("messages", array);
        body.addProperty("parent_message_id", followUp ? conversation.parentMessageId
                : newPath ? NEW_CHAT_ROOT : ids.get().toString());
        if (followUp) {
            body.addProperty("conversation_id", conversation.id);
        }
        body.addProperty("model", model);
        body.addProperty("timezone_offset_min", timezoneOffsetMinutes(clock, zone));
        if (newPath) {
            body.addProperty("timezone", zone.getId());
        }
        body.addProperty("history_and_training_disabled", false);
        JsonObject mode = new JsonObject();
        mode.addProperty("kind", "primary_assistant");
        body.add("conversation_mode", mode);
        body.addProperty("websocket_request_id", ids.get().toString());
        body.addProperty("force_use_sse", true);
        JsonArray encodings = new JsonArray();
        encodings.add("v1");
        body.add("supported_encodings", encodings);
        return body;
    }

    /**
     * The body of {@code f/conversation/prepare}, which hands out the conduit token for this turn.
     *
     * @param conversationId {@code null} for a new chat
     * @param parentId       the last assistant message id, or {@value #NEW_CHAT_ROOT}
     */
    static JsonObject prepare(String model, String conversationId, String parentId, Clock clock, ZoneId zone) {
        JsonObject body = new JsonObject();
        body.addProperty("action", "next");
        body.addProperty("parent_message_id", parentId);
        if (conversationId != null) {
            body.addProperty("conversation_id", conversationId);
        }
        body.addProperty("model", model);
        body.addProperty("timezone_offset_min", timezoneOffsetMinutes(clock, zone));
        body.addProperty("timezone", zone.getId());
        body.addProperty("client_prepare_state", "none");
        body.addProperty("supports_buffering", true);
        JsonArray encodings = new JsonArray();
        encodings.add("v1");
        body.add("supported_encodings", encodings);
        JsonObject mode = new JsonObject();
        mode.addProperty("kind", "primary_assistant");
        body.add("conversation_mode", mode);
        body.add("system_hints", new JsonArray());
        return body;
    }

    /**
     * Whether {@code conversation} continues a chat.
     *
     * @throws BackendException {@code invalid_request} when it names only one of its two ids
     */
    static boolean isFollowUp(ConversationRef conversation) throws BackendException {
        boolean followUp = conversation != null && (present(conversation.id) || present(conversation.parentMessageId));
        if (followUp && !(present(conversation.id) && present(conversation.parentMessageId))) {
            throw new BackendException(ErrorType.INVALID_REQUEST,
                    "To continue a ChatGPT conversation both conversation.id and conversation.parentMessageId are needed.",
                    "Pass back the conversation object of the previous result unchanged, or leave it out to start anew.",
                    false);
        }
        return followUp;
    }

    /** The messages after the last assistant message (all of them when there is none). */
    static List<ChatMessage> afterLastAssistant(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (ChatMessage.ASSISTANT.equals(messages.get(i).role)) {
                return messages.subList(i + 1, messages.size());
            }
        }
        return messages;
    }

    /** As JavaScript's {@code getTimezoneOffset()}: minutes to add to local time to get UTC (UTC+2 → -120). */
    static int timezoneOffsetMinutes(Clock clock, ZoneId zone) {
        return -zone.getRules().getOffset(clock.instant()).getTotalSeconds() / 60;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
