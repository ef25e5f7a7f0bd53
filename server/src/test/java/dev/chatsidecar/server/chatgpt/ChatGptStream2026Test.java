package dev.chatsidecar.server.chatgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.http.ChunkedInputStream;
import dev.chatsidecar.server.http.SseEvent;
import dev.chatsidecar.server.http.SseReader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The 2025–26 stream shapes of the protocol notes (§8.3), each fed in many random chunkings: a
 * reasoning turn (analysis message finished with {@code end_turn: false}, then the final message
 * added as root 1 with {@code "p"} left out, its last piece inside the closing patch), control
 * events, a commentary preamble, a handoff, an empty stream and a blocking moderation event.
 */
class ChatGptStream2026Test {
    static final String ANALYSIS = "{\"id\": \"an-1\", \"author\": {\"role\": \"assistant\"}, \"channel\": \"analysis\", "
            + "\"content\": {\"content_type\": \"text\", \"parts\": [\"\"]}, \"status\": \"in_progress\", "
            + "\"recipient\": \"all\", \"metadata\": {}}";
    static final String COMMENTARY = "{\"id\": \"co-1\", \"author\": {\"role\": \"assistant\"}, \"channel\": \"commentary\", "
            + "\"content\": {\"content_type\": \"text\", \"parts\": [\"Let me look that up.\"]}, "
            + "\"status\": \"finished_successfully\", \"end_turn\": false, \"recipient\": \"all\", \"metadata\": {}}";
    static final String FINAL = "{\"id\": \"fi-1\", \"author\": {\"role\": \"assistant\"}, \"channel\": \"final\", "
            + "\"content\": {\"content_type\": \"text\", \"parts\": [\"\"]}, \"status\": \"in_progress\", "
            + "\"recipient\": \"all\", \"metadata\": {}}";

    static String delta(String json) {
        return "event: delta\ndata: " + json + "\n\n";
    }

    static String data(String json) {
        return "data: " + json + "\n\n";
    }

    static String root(String message) {
        return "{\"message\": " + message + ", \"conversation_id\": \"conv-26\", \"error\": null}";
    }

    static final String OPENING = "event: delta_encoding\ndata: \"v1\"\n\n"
            + data("{\"type\": \"resume_conversation_token\", \"token\": \"r\", \"conversation_id\": \"conv-26\"}")
            + data("{\"type\": \"input_message\", \"input_message\": {\"id\": \"u-1\", \"author\": {\"role\": \"user\"}, "
                    + "\"content\": {\"content_type\": \"text\", \"parts\": [\"Why?\"]}}, \"conversation_id\": \"conv-26\"}");

    /** A reasoning turn as §8.3 describes it. */
    static final String REASONING_TURN = OPENING
            + delta("{\"p\": \"\", \"o\": \"add\", \"v\": " + root(ANALYSIS) + ", \"c\": 0}")
            + delta("{\"p\": \"/message/content/parts/0\", \"o\": \"append\", \"v\": \"Weighing \"}")
            + delta("{\"v\": \"the question…\"}")
            + delta("{\"p\": \"\", \"o\": \"patch\", \"v\": [{\"p\": \"/message/status\", \"o\": \"replace\", "
                    + "\"v\": \"finished_successfully\"}, {\"p\": \"/message/end_turn\", \"o\": \"replace\", \"v\": false}]}")
            + delta("{\"o\": \"add\", \"v\": " + root(COMMENTARY) + ", \"c\": 1}")
            + delta("{\"o\": \"add\", \"v\": " + root(FINAL) + ", \"c\": 2}")
            + data("{\"type\": \"message_marker\", \"conversation_id\": \"conv-26\", \"message_id\": \"fi-1\", "
                    + "\"marker\": \"user_visible_token\", \"event\": \"first\"}")
            + delta("{\"p\": \"/message/content/parts/0\", \"o\": \"append\", \"v\": \"Because \"}")
            + delta("{\"v\": \"it is \"}")
            + delta("{\"p\": \"\", \"o\": \"patch\", \"v\": [{\"p\": \"/message/content/parts/0\", \"o\": \"append\", "
                    + "\"v\": \"so.\"}, {\"p\": \"/message/status\", \"o\": \"replace\", \"v\": \"finished_successfully\"}, "
                    + "{\"p\": \"/message/end_turn\", \"o\": \"replace\", \"v\": true}]}")
            + data("{\"type\": \"title_generation\", \"title\": \"Why\", \"conversation_id\": \"conv-26\"}")
            + data("{\"type\": \"server_ste_metadata\", \"metadata\": {}, \"conversation_id\": \"conv-26\"}")
            + data("{\"type\": \"message_stream_complete\", \"conversation_id\": \"conv-26\"}")
            + data("{\"type\": \"conversation_detail_metadata\", \"default_model_slug\": \"gpt-5\", "
                    + "\"conversation_id\": \"conv-26\"}")
            + "data: [DONE]\n\n";

    static final String HANDOFF = OPENING
            + data("{\"type\": \"stream_handoff\", \"conversation_id\": \"conv-26\", \"options\": [{\"type\": "
                    + "\"resume_sse_endpoint\", \"topic_id\": \"conversation-turn-1\"}, {\"type\": \"subscribe_ws_topic\", "
                    + "\"topic_id\": \"conversation-turn-1\"}]}")
            + "data: [DONE]\n\n";

    /** Decodes {@code stream} in one chunking. */
    private static Decoded decode(String stream, long seed, int maxChunk) throws Exception {
        Decoded out = new Decoded();
        ChatGptStreamDecoder decoder = new ChatGptStreamDecoder("chatgpt.com", out.answer::append, out.reasoning::append);
        InputStream in = ChunkedInputStream.random(stream.getBytes(StandardCharsets.UTF_8), seed, maxChunk);
        SseReader reader = new SseReader(in);
        SseEvent event;
        while ((event = reader.next()) != null) {
            if (decoder.accept(event)) {
                break;
            }
        }
        out.outcome = decoder.finish();
        return out;
    }

    private static final class Decoded {
        final StringBuilder answer = new StringBuilder();
        final StringBuilder reasoning = new StringBuilder();
        ChatGptStreamDecoder.Outcome outcome;
    }

    /** Seeds and chunk sizes: one byte at a time, small, and large chunks. */
    private static List<long[]> chunkings() {
        List<long[]> runs = new ArrayList<>();
        for (long seed = 1; seed <= 40; seed++) {
            runs.add(new long[] {seed, 1 + (seed % 4) * (seed % 4) * 37});
        }
        return runs;
    }

    @Test
    void aReasoningTurnAnswersWithTheFinalMessageOnlyInEveryChunking() throws Exception {
        for (long[] run : chunkings()) {
            Decoded d = decode(REASONING_TURN, run[0], (int) run[1]);
            String where = "seed " + run[0] + ", chunks ≤ " + run[1];
            assertEquals("Because it is so.", d.answer.toString(), where);
            assertEquals("Weighing the question…", d.reasoning.toString(), where);
            assertEquals("stop", d.outcome.finishReason(), where);
            assertEquals("conv-26", d.outcome.conversation().id, where);
            assertEquals("fi-1", d.outcome.conversation().parentMessageId, "the final message is the parent; " + where);
        }
    }

    @Test
    void anAnalysisMessageFinishedWithEndTurnFalseDoesNotFinishTheTurn() throws Exception {
        String cut = REASONING_TURN.substring(0, REASONING_TURN.indexOf("\"c\": 1}")) ;
        cut = cut.substring(0, cut.lastIndexOf("event: delta")); // ends after the analysis message's patch
        String stream = cut;
        BackendException e = assertThrows(BackendException.class, () -> decode(stream, 3, 64));
        assertEquals(ErrorType.UPSTREAM_ERROR, e.type());
        assertTrue(e.getMessage().contains("cut off"), e.getMessage());
    }

    @Test
    void aHandoffIsNeverAnEmptySuccessInEveryChunking() {
        for (long[] run : chunkings()) {
            BackendException e = assertThrows(BackendException.class, () -> decode(HANDOFF, run[0], (int) run[1]));
            assertEquals(ErrorType.UPSTREAM_ERROR, e.type());
            assertTrue(e.getMessage().contains("stream_handoff"), e.getMessage());
            assertTrue(e.retryable());
        }
    }

    @Test
    void doneWithoutAnyAssistantTextIsAnError() {
        String stream = OPENING + data("{\"type\": \"message_stream_complete\", \"conversation_id\": \"conv-26\"}")
                + "data: [DONE]\n\n";
        for (long[] run : chunkings()) {
            BackendException e = assertThrows(BackendException.class, () -> decode(stream, run[0], (int) run[1]));
            assertEquals(ErrorType.UPSTREAM_ERROR, e.type());
        }
        String onlyReasoning = REASONING_TURN.substring(0, REASONING_TURN.indexOf("event: delta\ndata: {\"o\": \"add\""))
                + "data: [DONE]\n\n";
        BackendException e = assertThrows(BackendException.class, () -> decode(onlyReasoning, 1, 50));
        assertTrue(e.getMessage().contains("without any answer text"), "reasoning alone is no answer: " + e.getMessage());
    }

    @Test
    void aBlockingModerationEventIsBlocked() {
        String stream = REASONING_TURN.replace("data: {\"type\": \"title_generation\"",
                "data: {\"type\": \"moderation\", \"conversation_id\": \"conv-26\", \"message_id\": \"fi-1\", "
                        + "\"moderation_response\": {\"flagged\": true, \"blocked\": true}}\n\n"
                        + "data: {\"type\": \"title_generation\"");
        for (long[] run : chunkings()) {
            BackendException e = assertThrows(BackendException.class, () -> decode(stream, run[0], (int) run[1]));
            assertEquals(ErrorType.BLOCKED, e.type());
            assertTrue(!e.retryable());
        }
    }

    @Test
    void aFlaggedButNotBlockedModerationEventIsIgnored() throws Exception {
        String stream = REASONING_TURN.replace("data: {\"type\": \"title_generation\"",
                "data: {\"type\": \"moderation\", \"conversation_id\": \"conv-26\", "
                        + "\"moderation_response\": {\"flagged\": true, \"blocked\": false}}\n\n"
                        + "data: {\"type\": \"title_generation\"");
        assertEquals("Because it is so.", decode(stream, 5, 40).answer.toString());
    }
}
