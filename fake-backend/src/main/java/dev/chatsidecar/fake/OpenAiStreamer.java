package dev.chatsidecar.fake;

import java.io.IOException;
import java.util.List;

/**
 * Writes one OpenAI chat completion, streamed (role chunk, content chunks, an empty-delta chunk,
 * the finish chunk, optionally a usage chunk, {@code [DONE]}) or whole.
 */
final class OpenAiStreamer {
    static final String IN_STREAM_ERROR = "Something went wrong (fake)";

    /** What to answer. */
    static final class Completion {
        final String id;
        final String model;
        final List<String> pieces;
        final int promptTokens;
        final Triggers triggers;

        Completion(String id, String model, List<String> pieces, int promptTokens, Triggers triggers) {
            this.id = id;
            this.model = model;
            this.pieces = pieces;
            this.promptTokens = promptTokens;
            this.triggers = triggers;
        }

        String finishReason() {
            return triggers.length ? "length" : "stop";
        }
    }

    private final FakeBackend.Options options;
    private final FakeStats stats;

    OpenAiStreamer(FakeBackend.Options options, FakeStats stats) {
        this.options = options;
        this.stats = stats;
    }

    void stream(HttpResponse response, Completion completion, boolean includeUsage) throws IOException {
        Triggers triggers = completion.triggers;
        OpenAiChunks chunks = new OpenAiChunks(completion.id, completion.model, nowSeconds(), includeUsage);
        EventStream stream = response.startEventStream(200, triggers.eventDelayMs(options.chunkDelayMs()));
        stream.data(chunks.chunk(OpenAiChunks.delta("assistant", ""), null));
        List<String> pieces = completion.pieces;
        int count = triggers.stopsEarly() ? FakeAnswers.partialChunkCount(pieces.size()) : pieces.size();
        for (int i = 0; i < count; i++) {
            stream.data(chunks.chunk(OpenAiChunks.delta(null, pieces.get(i)), null));
        }
        if (triggers.cut) {
            stream.cutAfterLinger();
            return;
        }
        if (triggers.stall) {
            stream.stall(options.stallMaxMs());
            return;
        }
        stream.markEnding();
        stats.streamCompleted(); // before the client can see the end and look
        try {
            if (triggers.inStreamError) {
                stream.data(OpenAiErrors.body(IN_STREAM_ERROR, "server_error", null));
            } else {
                stream.data(chunks.chunk(OpenAiChunks.delta(null, null), null));
                stream.data(chunks.chunk(OpenAiChunks.delta(null, null), completion.finishReason()));
                if (includeUsage) {
                    stream.data(chunks.usageChunk(completion.promptTokens, pieces.size()));
                }
            }
            if (!triggers.noDone || triggers.inStreamError) {
                stream.data("[DONE]");
            }
        } catch (IOException e) {
            // the client left after it had the end of the answer: not an abort
        }
        stream.finish();
    }

    void whole(HttpResponse response, Completion completion) throws IOException {
        if (completion.triggers.inStreamError) {
            response.sendJson(500, OpenAiErrors.body(IN_STREAM_ERROR, "server_error", null));
            return;
        }
        OpenAiChunks chunks = new OpenAiChunks(completion.id, completion.model, nowSeconds(), false);
        String text = String.join("", completion.pieces);
        response.sendJson(200, chunks.completion(text, completion.finishReason(), completion.promptTokens,
                completion.pieces.size()));
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
