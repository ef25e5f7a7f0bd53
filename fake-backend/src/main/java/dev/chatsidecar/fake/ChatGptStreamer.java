package dev.chatsidecar.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams one ChatGPT answer in the configured format, honouring the stream-shaping triggers
 * ({@code [[cut]]}, {@code [[stall]]}, {@code [[noDone]]}, {@code [[inStreamError]]},
 * {@code [[length]]}, {@code [[slow]]}) and the streams that must not pass for an answer
 * ({@code [[handoff]]}, {@code [[empty]]}, {@code [[moderation]]}).
 */
final class ChatGptStreamer {
    static final String IN_STREAM_ERROR = "Something went wrong (fake)";

    private final FakeBackend.Options options;
    private final FakeStats stats;
    private final ChatGptEncoding encoding;

    ChatGptStreamer(FakeBackend.Options options, FakeStats stats) {
        this.options = options;
        this.stats = stats;
        this.encoding = ChatGptEncoding.of(options);
    }

    void stream(HttpResponse response, ChatGptTurn turn, Triggers triggers, List<String> pieces) throws IOException {
        EventStream stream = response.startEventStream(200, triggers.eventDelayMs(options.chunkDelayMs()));
        if (triggers.handoff || triggers.empty) {
            sendWithoutAnswer(stream, turn, triggers.handoff);
            return;
        }
        sendAll(stream, encoding.opening(turn));
        int count = triggers.stopsEarly() ? FakeAnswers.partialChunkCount(pieces.size()) : pieces.size();
        StringBuilder soFar = new StringBuilder();
        for (int i = 0; i < count; i++) {
            soFar.append(pieces.get(i));
            sendAll(stream, encoding.piece(turn, pieces.get(i), soFar.toString(), i));
        }
        if (triggers.cut) {
            stream.cutAfterLinger();
            return;
        }
        if (triggers.stall) {
            stream.stall(options.stallMaxMs());
            return;
        }
        if (triggers.moderation) {
            JsonObject blocked = Delta2026Encoding.control("moderation", turn);
            JsonObject verdict = new JsonObject();
            verdict.addProperty("flagged", true);
            verdict.addProperty("blocked", true);
            blocked.add("moderation_response", verdict);
            blocked.addProperty("message_id", turn.assistantMessageId);
            sendEnding(stream, List.of(EventStream.format(null, FakeJson.compact(blocked))), true);
            return;
        }
        List<String> ending = triggers.inStreamError
                ? encoding.error(turn, IN_STREAM_ERROR)
                : encoding.finish(turn, soFar.toString(), triggers.length ? "max_tokens" : "stop");
        sendEnding(stream, ending, !triggers.noDone || triggers.inStreamError);
    }

    /** A stream with control events only: a handoff to another channel, or nothing at all. */
    private void sendWithoutAnswer(EventStream stream, ChatGptTurn turn, boolean handoff) throws IOException {
        List<String> events = new ArrayList<>(List.of(EventStream.format("delta_encoding", "\"v1\""),
                Delta2026Encoding.resumeToken(turn), Delta2026Encoding.inputMessage(turn)));
        if (handoff) {
            JsonObject option = new JsonObject();
            option.addProperty("type", "subscribe_ws_topic");
            option.addProperty("topic_id", "conversation-turn-" + turn.assistantMessageId);
            JsonArray options = new JsonArray();
            options.add(option);
            JsonObject event = Delta2026Encoding.control("stream_handoff", turn);
            event.add("options", options);
            events.add(EventStream.format(null, FakeJson.compact(event)));
        } else {
            events.add(EventStream.format(null, FakeJson.compact(
                    Delta2026Encoding.control("message_stream_complete", turn))));
        }
        sendEnding(stream, events, true);
    }

    private void sendEnding(EventStream stream, List<String> ending, boolean done) throws IOException {
        stream.markEnding();
        stats.streamCompleted(); // before the client can see the end and look
        try {
            sendAll(stream, ending);
            if (done) {
                stream.data("[DONE]");
            }
        } catch (IOException e) {
            // the client left after it had the end of the answer: not an abort
        }
        stream.finish();
    }

    private static void sendAll(EventStream stream, List<String> events) throws IOException {
        for (String event : events) {
            stream.raw(event);
        }
    }
}
