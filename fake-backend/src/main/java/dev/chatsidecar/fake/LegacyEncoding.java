package dev.chatsidecar.fake;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * The legacy form (protocol notes §5.1): the user's message echoed first, then the whole
 * assistant message in every event with cumulative text, a final finished event, and a
 * moderation event that has no {@code message}.
 */
final class LegacyEncoding implements ChatGptEncoding {
    @Override
    public List<String> opening(ChatGptTurn turn) {
        return List.of(data(turn.root(turn.userMessage())));
    }

    @Override
    public List<String> piece(ChatGptTurn turn, String piece, String soFar, int index) {
        return List.of(data(turn.root(turn.assistantMessage(soFar, null))));
    }

    @Override
    public List<String> finish(ChatGptTurn turn, String soFar, String finishType) {
        JsonObject moderation = new JsonObject();
        moderation.addProperty("conversation_id", turn.conversationId);
        moderation.addProperty("message_id", turn.assistantMessageId);
        moderation.addProperty("is_completion", true);
        JsonObject verdict = new JsonObject();
        verdict.addProperty("flagged", false);
        verdict.addProperty("blocked", false);
        verdict.addProperty("moderation_id", "modr-fake");
        moderation.add("moderation_response", verdict);
        return List.of(data(turn.root(turn.assistantMessage(soFar, finishType))), data(moderation));
    }

    @Override
    public List<String> error(ChatGptTurn turn, String message) {
        return List.of(data(turn.error(message)));
    }

    private static String data(JsonObject json) {
        return EventStream.format(null, FakeJson.compact(json));
    }
}
