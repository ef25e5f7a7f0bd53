package dev.chatsidecar.server.chatgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.chatsidecar.protocol.ChatMessage;
import dev.chatsidecar.protocol.ConversationRef;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.upstream.BackendException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ConversationPayloadTest {
    private final Clock clock = Clock.fixed(Instant.parse("2024-10-07T11:20:00.123Z"), ZoneId.of("UTC"));
    private final ZoneId berlin = ZoneId.of("Europe/Berlin");

    private static Supplier<UUID> counting() {
        AtomicInteger n = new AtomicInteger();
        return () -> new UUID(0, n.incrementAndGet());
    }

    @Test
    void newChatSendsEveryMessageUnderAFreshParent() throws BackendException {
        JsonObject body = ConversationPayload.build(List.of(new ChatMessage("system", "Be brief."),
                ChatMessage.user("Hi")), "auto", null, clock, berlin, counting());
        JsonObject expected = JsonParser.parseString("""
                {"action": "next",
                 "messages": [
                   {"id": "00000000-0000-0000-0000-000000000001", "author": {"role": "system"},
                    "content": {"content_type": "text", "parts": ["Be brief."]}, "metadata": {}, "create_time": 1728300000.123},
                   {"id": "00000000-0000-0000-0000-000000000002", "author": {"role": "user"},
                    "content": {"content_type": "text", "parts": ["Hi"]}, "metadata": {}, "create_time": 1728300000.123}],
                 "parent_message_id": "00000000-0000-0000-0000-000000000003",
                 "model": "auto",
                 "timezone_offset_min": -120,
                 "history_and_training_disabled": false,
                 "conversation_mode": {"kind": "primary_assistant"},
                 "websocket_request_id": "00000000-0000-0000-0000-000000000004",
                 "force_use_sse": true,
                 "supported_encodings": ["v1"]}""").getAsJsonObject();
        assertEquals(expected, body);
        assertFalse(body.has("conversation_id"));
    }

    @Test
    void followUpSendsOnlyMessagesAfterTheLastAssistantMessage() throws BackendException {
        JsonObject body = ConversationPayload.build(List.of(ChatMessage.user("one"), new ChatMessage("assistant", "1"),
                        ChatMessage.user("two"), new ChatMessage("assistant", "2"), ChatMessage.user("three")), "gpt-4o",
                new ConversationRef("conv-1", "assistant-2"), clock, berlin, counting());
        assertEquals("conv-1", body.get("conversation_id").getAsString());
        assertEquals("assistant-2", body.get("parent_message_id").getAsString());
        assertEquals(1, body.getAsJsonArray("messages").size());
        assertEquals("three", body.getAsJsonArray("messages").get(0).getAsJsonObject().getAsJsonObject("content")
                .getAsJsonArray("parts").get(0).getAsString());
    }

    @Test
    void halfAConversationReferenceIsAnInvalidRequest() {
        BackendException e = assertThrows(BackendException.class, () -> ConversationPayload.build(
                List.of(ChatMessage.user("x")), "auto", new ConversationRef("conv-1", null), clock, berlin, counting()));
        assertEquals(ErrorType.INVALID_REQUEST, e.type());
    }

    @Test
    void timezoneOffsetFollowsJavaScriptsSign() {
        assertEquals(-120, ConversationPayload.timezoneOffsetMinutes(clock, berlin));
        assertEquals(300, ConversationPayload.timezoneOffsetMinutes(Clock.fixed(Instant.parse("2024-01-10T00:00:00Z"),
                ZoneId.of("UTC")), ZoneId.of("America/New_York")));
    }
}
