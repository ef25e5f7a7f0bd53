package dev.chatsidecar.server.chatgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.upstream.BackendException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatGptStreamDecoderTest {

    /** Feeds the whole stream; {@link #outcome} then finishes. */
    private static StreamRun run(String stream) throws Exception {
        StreamRun run = new StreamRun();
        run.feed(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)));
        return run;
    }

    private static ChatGptStreamDecoder.Outcome outcome(StreamRun run) throws BackendException {
        return run.decoder.finish();
    }

    static String legacy(String id, String role, String recipient, String contentType, String text, String status,
                         String finish) {
        return "data: {\"message\": {\"id\": \"" + id + "\", \"author\": {\"role\": \"" + role + "\"}, "
                + "\"content\": {\"content_type\": \"" + contentType + "\", \"parts\": [\"" + text + "\"]}, "
                + "\"status\": \"" + status + "\", \"metadata\": {"
                + (finish == null ? "" : "\"finish_details\": {\"type\": \"" + finish + "\"}")
                + "}, \"recipient\": \"" + recipient + "\"}, \"conversation_id\": \"conv-1\", \"error\": null}\n\n";
    }

    @Test
    void legacySuffixesAreCutByLengthSoRepeatsSurvive() throws Exception {
        StreamRun run = run(legacy("a1", "assistant", "all", "text", "ab", "in_progress", null)
                + legacy("a1", "assistant", "all", "text", "abab", "in_progress", null)
                + legacy("a1", "assistant", "all", "text", "ababab", "finished_successfully", "stop")
                + "data: [DONE]\n\n");
        assertEquals(List.of("ab", "ab", "ab"), run.deltas);
        assertEquals("ababab", run.decoder.text());
    }

    @Test
    void onlyTheAssistantsTextForEveryoneCounts() throws Exception {
        StreamRun run = run(legacy("s1", "system", "all", "text", "system prompt", "finished_successfully", null)
                + legacy("u1", "user", "all", "text", "question", "finished_successfully", null)
                + legacy("a1", "assistant", "python", "code", "print(1)", "finished_successfully", null)
                + legacy("t1", "tool", "all", "execution_output", "1", "finished_successfully", null)
                + legacy("a2", "assistant", "all", "text", "It prints 1.", "finished_successfully", "stop")
                + "data: {\"conversation_id\": \"conv-1\", \"message_id\": \"a2\", \"is_completion\": true, "
                + "\"moderation_response\": {\"flagged\": false, \"blocked\": false}}\n\n"
                + "data: [DONE]\n\n");
        assertEquals("It prints 1.", run.decoder.text());
        var outcome = outcome(run);
        assertEquals("conv-1", outcome.conversation().id);
        assertEquals("a2", outcome.conversation().parentMessageId);
    }

    @Test
    void maxTokensMeansLength() throws Exception {
        StreamRun run = run(legacy("a1", "assistant", "all", "text", "cut", "finished_partial_completion", "max_tokens")
                + "data: [DONE]\n\n");
        assertEquals("length", outcome(run).finishReason());
    }

    @Test
    void v1CarriesPathOpAndRootForwardAndAddsRootsByC() throws Exception {
        String stream = "event: delta_encoding\ndata: \"v1\"\n\n"
                + "event: delta\ndata: {\"p\": \"\", \"o\": \"add\", \"v\": {\"message\": {\"id\": \"m0\", \"author\": "
                + "{\"role\": \"assistant\"}, \"content\": {\"content_type\": \"text\", \"parts\": [\"\"]}, "
                + "\"status\": \"in_progress\", \"recipient\": \"all\", \"metadata\": {}}, \"conversation_id\": \"c-9\", "
                + "\"error\": null}, \"c\": 0}\n\n"
                + "event: delta\ndata: {\"p\": \"/message/content/parts/0\", \"o\": \"append\", \"v\": \"Hel\"}\n\n"
                + "event: delta\ndata: {\"v\": \"lo\"}\n\n"
                + "event: delta\ndata: {\"v\": {\"message\": {\"id\": \"m1\", \"author\": {\"role\": \"assistant\"}, "
                + "\"content\": {\"content_type\": \"text\", \"parts\": [\" again\"]}, \"status\": \"in_progress\", "
                + "\"recipient\": \"all\"}, \"conversation_id\": \"c-9\", \"error\": null}, \"c\": 1}\n\n"
                + "event: delta\ndata: {\"p\": \"/message/content/parts/0\", \"o\": \"append\", \"v\": \"!\"}\n\n"
                + "event: delta\ndata: {\"p\": \"\", \"o\": \"patch\", \"v\": [{\"p\": \"/message/status\", \"o\": "
                + "\"replace\", \"v\": \"finished_successfully\"}, {\"p\": \"/message/metadata\", \"o\": \"append\", "
                + "\"v\": {\"finish_details\": {\"type\": \"stop\"}}}]}\n\n"
                + "data: {\"type\": \"title_generation\", \"title\": \"Hi\", \"conversation_id\": \"c-9\"}\n\n"
                + "data: [DONE]\n\n";
        StreamRun run = run(stream);
        assertEquals(List.of("Hel", "lo", " again", "!"), run.deltas);
        var outcome = outcome(run);
        assertEquals("c-9", outcome.conversation().id);
        assertEquals("m1", outcome.conversation().parentMessageId);
        assertEquals("stop", outcome.finishReason());
    }

    @Test
    void surrogatePairsAreNeverSplitAcrossDeltas() throws Exception {
        String stream = "data: {\"p\": \"\", \"o\": \"add\", \"v\": {\"message\": {\"id\": \"m\", \"author\": "
                + "{\"role\": \"assistant\"}, \"content\": {\"content_type\": \"text\", \"parts\": [\"\"]}, "
                + "\"recipient\": \"all\"}}}\n\n"
                + "data: {\"p\": \"/message/content/parts/0\", \"o\": \"append\", \"v\": \"a\\ud83d\"}\n\n"
                + "data: {\"v\": \"\\ude00b\"}\n\n"
                + "data: [DONE]\n\n";
        StreamRun run = run(stream);
        assertEquals(List.of("a", "\uD83D\uDE00b"), run.deltas);
    }

    @Test
    void errorInsideTheStreamIsAnUpstreamErrorAndUnusualActivityIsBlocked() {
        BackendException plain = assertThrows(BackendException.class, () -> run(
                legacy("a1", "assistant", "all", "text", "partial", "in_progress", null)
                        + "data: {\"message\": null, \"conversation_id\": \"c\", \"error\": \"Something went wrong.\"}\n\n"));
        assertEquals(ErrorType.UPSTREAM_ERROR, plain.type());
        assertTrue(plain.getMessage().contains("Something went wrong."), plain.getMessage());
        BackendException blocked = assertThrows(BackendException.class, () -> run("data: {\"message\": null, "
                + "\"conversation_id\": \"c\", \"error\": \"Our systems have detected unusual activity from your system. "
                + "Please try again later.\"}\n\n"));
        assertEquals(ErrorType.BLOCKED, blocked.type());
        BackendException v1 = assertThrows(BackendException.class, () -> run(
                "data: {\"p\": \"\", \"o\": \"add\", \"v\": {\"message\": null, \"error\": null}}\n\n"
                        + "data: {\"p\": \"/error\", \"o\": \"replace\", \"v\": \"Internal error\"}\n\n"));
        assertEquals(ErrorType.UPSTREAM_ERROR, v1.type());
    }

    @Test
    void aStreamCutBeforeTheAnswerFinishedIsAnUpstreamError() throws Exception {
        StreamRun run = run(legacy("a1", "assistant", "all", "text", "Hello wor", "in_progress", null));
        assertEquals("Hello wor", run.decoder.text());
        BackendException e = assertThrows(BackendException.class, run.decoder::finish);
        assertEquals(ErrorType.UPSTREAM_ERROR, e.type());
        assertTrue(e.retryable());
    }

    @Test
    void aFinishedAnswerWithoutDoneIsFine() throws Exception {
        StreamRun finished = run(legacy("a1", "assistant", "all", "text", "Done.", "finished_successfully", "stop"));
        assertEquals("stop", outcome(finished).finishReason());
        StreamRun completeEvent = run(legacy("a1", "assistant", "all", "text", "Done", "in_progress", null)
                + "data: {\"type\": \"message_stream_complete\", \"conversation_id\": \"conv-1\"}\n\n");
        assertEquals("stop", outcome(completeEvent).finishReason());
    }

    @Test
    void nonJsonDataIsAProtocolError() {
        BackendException e = assertThrows(BackendException.class, () -> run("data: <html>oops</html>\n\n"));
        assertEquals(ErrorType.PROTOCOL_ERROR, e.type());
    }

    @Test
    void anOperationBeforeAnyRootIsAProtocolError() {
        BackendException e = assertThrows(BackendException.class,
                () -> run("data: {\"p\": \"/message/content/parts/0\", \"o\": \"append\", \"v\": \"x\"}\n\n"));
        assertEquals(ErrorType.PROTOCOL_ERROR, e.type());
    }

    @Test
    void deltaMembersOfTheWrongTypeAreProtocolErrorsNotCrashes() {
        String root = "data: {\"p\": \"\", \"o\": \"add\", \"v\": {\"message\": null}, \"c\": 0}\n\n";
        for (String bad : List.of("{\"c\": null, \"v\": 1}", "{\"c\": \"x\", \"v\": 1}", "{\"p\": {}, \"v\": 1}",
                "{\"o\": [], \"v\": 1}", "{\"p\": null, \"v\": 1}",
                "{\"p\": \"\", \"o\": \"patch\", \"v\": [{\"p\": 5, \"v\": 1}]}",
                "{\"p\": \"\", \"o\": \"patch\", \"v\": [{\"p\": \"/a\", \"o\": null, \"v\": 1}]}")) {
            BackendException e = assertThrows(BackendException.class, () -> run(root + "data: " + bad + "\n\n"), bad);
            assertEquals(ErrorType.PROTOCOL_ERROR, e.type(), bad);
        }
    }

    @Test
    void aDoneStreamWithoutAnyAnswerIsAnErrorNotAnEmptySuccess() throws Exception {
        StreamRun run = run("data: [DONE]\n\n");
        BackendException e = assertThrows(BackendException.class, () -> run.decoder.finish());
        assertEquals(ErrorType.UPSTREAM_ERROR, e.type());
        assertTrue(e.getMessage().contains("without any answer text"), e.getMessage());
        assertEquals("", run.decoder.text());
    }
}
