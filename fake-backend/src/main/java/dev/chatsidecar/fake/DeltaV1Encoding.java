package dev.chatsidecar.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;

/**
 * The "v1" delta encoding (protocol notes §5.2): {@code delta_encoding} marker, root {@code add},
 * {@code append} on {@code /message/content/parts/0}, bare {@code {"v": ...}} continuations, a
 * final {@code patch}, an {@code append} of the finish details onto {@code /message/metadata}, and
 * a {@code message_stream_complete} control object.
 */
final class DeltaV1Encoding implements ChatGptEncoding {
    private static final String TEXT_PATH = "/message/content/parts/0";

    @Override
    public List<String> opening(ChatGptTurn turn) {
        JsonObject add = op("", "add");
        add.add("v", turn.root(turn.assistantMessage("", null)));
        add.addProperty("c", 0);
        return List.of(EventStream.format("delta_encoding", "\"v1\""), delta(add));
    }

    @Override
    public List<String> piece(ChatGptTurn turn, String piece, String soFar, int index) {
        JsonObject event = index == 0 ? op(TEXT_PATH, "append") : new JsonObject();
        event.addProperty("v", piece);
        return List.of(delta(event));
    }

    @Override
    public List<String> finish(ChatGptTurn turn, String soFar, String finishType) {
        JsonArray ops = new JsonArray();
        JsonObject status = op("/message/status", "replace");
        status.addProperty("v", "finished_successfully");
        ops.add(status);
        JsonObject endTurn = op("/message/end_turn", "replace");
        endTurn.addProperty("v", true);
        ops.add(endTurn);
        JsonObject patch = op("", "patch");
        patch.add("v", ops);

        JsonObject details = new JsonObject();
        details.add("finish_details", ChatGptTurn.finishDetails(finishType));
        details.addProperty("is_complete", true);
        JsonObject metadata = op("/message/metadata", "append");
        metadata.add("v", details);

        JsonObject complete = new JsonObject();
        complete.addProperty("type", "message_stream_complete");
        complete.addProperty("conversation_id", turn.conversationId);
        return List.of(delta(patch), delta(metadata), EventStream.format(null, FakeJson.compact(complete)));
    }

    @Override
    public List<String> error(ChatGptTurn turn, String message) {
        return List.of(EventStream.format(null, FakeJson.compact(turn.error(message))));
    }

    static JsonObject op(String path, String operation) {
        JsonObject op = new JsonObject();
        op.addProperty("p", path);
        op.addProperty("o", operation);
        return op;
    }

    static String delta(JsonObject event) {
        return EventStream.format("delta", FakeJson.compact(event));
    }
}
