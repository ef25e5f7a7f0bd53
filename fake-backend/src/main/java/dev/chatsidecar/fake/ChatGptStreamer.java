package dev.chatsidecar.fake;

import java.io.IOException;
import java.util.List;

/**
 * Streams one ChatGPT answer in the configured format, honouring the stream-shaping triggers
 * ({@code [[cut]]}, {@code [[stall]]}, {@code [[noDone]]}, {@code [[inStreamError]]},
 * {@code [[length]]}, {@code [[slow]]}).
 */
final class ChatGptStreamer {
    static final String IN_STREAM_ERROR = "Something went wrong (fake)";

    private final FakeBackend.Options options;
    private final FakeStats stats;
    private final ChatGptEncoding encoding;

    ChatGptStreamer(FakeBackend.Options options, FakeStats stats) {
        this.options = options;
        this.stats = stats;
        this.encoding = ChatGptEncoding.of(options.format());
    }

    void stream(HttpResponse response, ChatGptTurn turn, Triggers triggers, List<String> pieces) throws IOException {
        EventStream stream = response.startEventStream(200, triggers.eventDelayMs(options.chunkDelayMs()));
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
        List<String> ending = triggers.inStreamError
                ? encoding.error(turn, IN_STREAM_ERROR)
                : encoding.finish(turn, soFar.toString(), triggers.length ? "max_tokens" : "stop");
        stream.markEnding();
        stats.streamCompleted(); // before the client can see the end and look
        try {
            sendAll(stream, ending);
            if (!triggers.noDone || triggers.inStreamError) {
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
