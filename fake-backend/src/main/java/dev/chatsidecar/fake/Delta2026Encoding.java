package dev.chatsidecar.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;

/**
 * 2026 mode's stream (protocol notes §8.3): "v1" deltas as in {@link DeltaV1Encoding}, with the
 * 2025–26 control events ({@code resume_conversation_token}, {@code input_message},
 * {@code message_marker}, {@code title_generation}, {@code server_ste_metadata},
 * {@code message_stream_complete}, {@code conversation_detail_metadata}) and an {@code analysis}
 * (reasoning) message, root 0, that finishes with {@code end_turn: false} before the {@code final}
 * message, root 1, is added with {@code "p"} left out (equal to the previous patch's).
 */
final class Delta2026Encoding implements ChatGptEncoding {
    /** The reasoning every 2026 answer starts with. */
    static final String REASONING = FakeAnswers.REASONING;
    private static final String TEXT_PATH = "/message/content/parts/0";

    @Override
    public List<String> opening(ChatGptTurn turn) {
        JsonObject addAnalysis = op("", "add");
        addAnalysis.add("v", turn.root(turn.analysisMessage()));
        addAnalysis.addProperty("c", 0);
        JsonObject thought = op(TEXT_PATH, "append");
        thought.addProperty("v", REASONING.substring(0, 12));
        JsonObject more = new JsonObject();
        more.addProperty("v", REASONING.substring(12));
        JsonArray ops = new JsonArray();
        ops.add(replace("/message/status", "finished_successfully"));
        JsonObject endTurn = op("/message/end_turn", "replace");
        endTurn.addProperty("v", false);
        ops.add(endTurn);
        JsonObject done = op("", "patch");
        done.add("v", ops);
        JsonObject addFinal = new JsonObject(); // "p" is "" like the patch before it, so it is left out
        addFinal.addProperty("o", "add");
        addFinal.add("v", turn.root(turn.assistantMessage("", null, "final")));
        addFinal.addProperty("c", 1);
        JsonObject marker = control("message_marker", turn);
        marker.addProperty("message_id", turn.assistantMessageId);
        marker.addProperty("marker", "user_visible_token");
        marker.addProperty("event", "first");
        return List.of(EventStream.format("delta_encoding", "\"v1\""), resumeToken(turn), inputMessage(turn),
                delta(addAnalysis), delta(thought), delta(more), delta(done), delta(addFinal),
                EventStream.format(null, FakeJson.compact(marker)));
    }

    /** Pieces and errors look as in 2024's v1 streams. */
    private final DeltaV1Encoding v1 = new DeltaV1Encoding();

    @Override
    public List<String> piece(ChatGptTurn turn, String piece, String soFar, int index) {
        return v1.piece(turn, piece, soFar, index);
    }

    @Override
    public List<String> finish(ChatGptTurn turn, String soFar, String finishType) {
        JsonArray ops = new JsonArray();
        ops.add(replace("/message/status", "finished_successfully"));
        JsonObject endTurn = op("/message/end_turn", "replace");
        endTurn.addProperty("v", true);
        ops.add(endTurn);
        JsonObject details = new JsonObject();
        details.add("finish_details", ChatGptTurn.finishDetails(finishType));
        details.addProperty("is_complete", true);
        JsonObject metadata = op("/message/metadata", "append");
        metadata.add("v", details);
        ops.add(metadata);
        JsonObject patch = op("", "patch");
        patch.add("v", ops);
        JsonObject title = control("title_generation", turn);
        title.addProperty("title", "Fake title");
        JsonObject limits = control("conversation_detail_metadata", turn);
        limits.addProperty("default_model_slug", "auto");
        return List.of(delta(patch), EventStream.format(null, FakeJson.compact(title)),
                EventStream.format(null, FakeJson.compact(control("server_ste_metadata", turn))),
                EventStream.format(null, FakeJson.compact(control("message_stream_complete", turn))),
                EventStream.format(null, FakeJson.compact(limits)));
    }

    @Override
    public List<String> error(ChatGptTurn turn, String message) {
        return v1.error(turn, message);
    }

    static String resumeToken(ChatGptTurn turn) {
        JsonObject resume = control("resume_conversation_token", turn);
        resume.addProperty("token", "fake-resume-token");
        return EventStream.format(null, FakeJson.compact(resume));
    }

    static String inputMessage(ChatGptTurn turn) {
        JsonObject input = control("input_message", turn);
        input.add("input_message", turn.userMessage());
        return EventStream.format(null, FakeJson.compact(input));
    }

    static JsonObject control(String type, ChatGptTurn turn) {
        JsonObject event = new JsonObject();
        event.addProperty("type", type);
        event.addProperty("conversation_id", turn.conversationId);
        return event;
    }

    private static JsonObject replace(String path, String value) {
        JsonObject op = op(path, "replace");
        op.addProperty("v", value);
        return op;
    }

    private static JsonObject op(String path, String operation) {
        return DeltaV1Encoding.op(path, operation);
    }

    private static String delta(JsonObject event) {
        return DeltaV1Encoding.delta(event);
    }
}
