package dev.chatsidecar.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConversationStreamTest {
    private static FakeBackend fake;
    private static FakeChatGptClient client;

    @BeforeAll
    static void start() {
        fake = FakeBackend.start(new FakeBackend.Options());
        client = new FakeChatGptClient(fake);
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    /** A parsed v1 answer: the rebuilt root and whether [DONE] came last. */
    private static V1Replay replayV1(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("text/event-stream; charset=utf-8", response.headers().firstValue("content-type").orElse(""));
        List<SseEvents.Event> events = SseEvents.parse(response.body());
        assertEquals("delta_encoding", events.get(0).name);
        assertEquals("\"v1\"", events.get(0).data);
        assertEquals("[DONE]", events.get(events.size() - 1).data);
        V1Replay replay = new V1Replay();
        boolean sawComplete = false;
        for (SseEvents.Event event : events.subList(1, events.size() - 1)) {
            if ("delta".equals(event.name)) {
                assertFalse(sawComplete, "delta after message_stream_complete");
                replay.apply(event.data);
            } else {
                JsonObject control = JsonParser.parseString(event.data).getAsJsonObject();
                assertEquals("message_stream_complete", control.get("type").getAsString());
                sawComplete = true;
            }
        }
        assertTrue(sawComplete);
        return replay;
    }

    @Test
    void v1StreamRebuildsToTheAnswer() throws Exception {
        V1Replay replay = replayV1(client.converse(FakeChatGptClient.body("hello fake world", null, null)));
        JsonObject message = replay.root.getAsJsonObject("message");
        assertEquals(FakeAnswers.answerFor("hello fake world", 1), replay.text());
        assertEquals("assistant", message.getAsJsonObject("author").get("role").getAsString());
        assertEquals("all", message.get("recipient").getAsString());
        assertEquals("finished_successfully", message.get("status").getAsString());
        assertTrue(message.get("end_turn").getAsBoolean());
        assertEquals("stop", message.getAsJsonObject("metadata").getAsJsonObject("finish_details")
                .get("type").getAsString());
        assertTrue(replay.root.get("conversation_id").getAsString().matches("[0-9a-f-]{36}"));
        assertTrue(message.get("id").getAsString().matches("[0-9a-f-]{36}"));
        assertTrue(message.get("create_time").toString().matches("\\d{10}\\.\\d{3}"), "plain seconds.millis");
    }

    @Test
    void eachChunkIsOneDeltaEvent() throws Exception {
        HttpResponse<String> response = client.converse(FakeChatGptClient.body("[[chunks:5]]", null, null));
        long appends = SseEvents.parse(response.body()).stream()
                .filter(e -> e.data.contains("\"v\":\"w")).count();
        assertEquals(5, appends);
    }

    @Test
    void followUpContinuesTheConversationAndCountsTurns() throws Exception {
        V1Replay first = replayV1(client.converse(FakeChatGptClient.body("one", null, null)));
        String conversationId = first.root.get("conversation_id").getAsString();
        String assistantId = first.root.getAsJsonObject("message").get("id").getAsString();
        V1Replay second = replayV1(client.converse(FakeChatGptClient.body("two", conversationId, assistantId)));
        assertEquals(conversationId, second.root.get("conversation_id").getAsString());
        assertEquals("You said: two (turn 2)", second.text());
    }

    @Test
    void followUpWithAWrongParentIsRejected() throws Exception {
        V1Replay first = replayV1(client.converse(FakeChatGptClient.body("one", null, null)));
        String conversationId = first.root.get("conversation_id").getAsString();
        HttpResponse<String> wrongParent = client.converse(
                FakeChatGptClient.body("two", conversationId, "00000000-0000-4000-8000-000000000000"));
        assertEquals(400, wrongParent.statusCode());
        assertTrue(JsonParser.parseString(wrongParent.body()).getAsJsonObject().has("detail"));
        HttpResponse<String> unknown = client.converse(
                FakeChatGptClient.body("two", "00000000-0000-4000-8000-00000000abcd", "x"));
        assertEquals(404, unknown.statusCode());
    }

    @Test
    void markupAnswersSurviveTheStreamVerbatim() throws Exception {
        HttpResponse<String> html = client.converse(FakeChatGptClient.body("[[html]]", null, null));
        assertTrue(html.body().contains("<script>"), "markup is not escaped in the JSON, as Python's json.dumps");
        assertEquals(FakeAnswers.HTML, replayV1(html).text());
        assertEquals(FakeAnswers.MARKDOWN,
                replayV1(client.converse(FakeChatGptClient.body("[[markdown]]", null, null))).text());
    }

    @Test
    void lengthTriggerFinishesWithMaxTokens() throws Exception {
        V1Replay replay = replayV1(client.converse(FakeChatGptClient.body("long [[length]]", null, null)));
        assertEquals("max_tokens", replay.root.getAsJsonObject("message").getAsJsonObject("metadata")
                .getAsJsonObject("finish_details").get("type").getAsString());
    }

    @Test
    void noDoneTriggerEndsCleanlyWithoutDone() throws Exception {
        HttpResponse<String> response = client.converse(FakeChatGptClient.body("[[noDone]]", null, null));
        List<SseEvents.Event> events = SseEvents.parse(response.body());
        assertTrue(events.stream().noneMatch(e -> e.data.equals("[DONE]")));
        assertTrue(events.get(events.size() - 1).data.contains("message_stream_complete"));
    }

    @Test
    void inStreamErrorSendsTheLegacyErrorObjectThenDone() throws Exception {
        String prompt = "[[inStreamError]] four words here";
        HttpResponse<String> response = client.converse(FakeChatGptClient.body(prompt, null, null));
        List<SseEvents.Event> events = SseEvents.parse(response.body());
        assertEquals("[DONE]", events.get(events.size() - 1).data);
        JsonObject error = JsonParser.parseString(events.get(events.size() - 2).data).getAsJsonObject();
        assertTrue(error.get("message").isJsonNull());
        assertEquals("Something went wrong (fake)", error.get("error").getAsString());
        V1Replay replay = new V1Replay();
        events.stream().filter(e -> "delta".equals(e.name)).forEach(e -> replay.apply(e.data));
        assertEquals(FakeAnswers.partialAnswerFor(prompt, 1), replay.text());
    }

    @Test
    void legacyStreamEchoesTheUserThenGrowsTheAnswer() throws Exception {
        try (FakeBackend legacy = FakeBackend.start(new FakeBackend.Options().format(FakeBackend.Format.LEGACY))) {
            HttpResponse<String> response = new FakeChatGptClient(legacy)
                    .converse(FakeChatGptClient.body("legacy please", null, null));
            List<SseEvents.Event> events = SseEvents.parse(response.body());
            assertEquals("[DONE]", events.get(events.size() - 1).data);
            JsonObject echo = JsonParser.parseString(events.get(0).data).getAsJsonObject().getAsJsonObject("message");
            assertEquals("user", echo.getAsJsonObject("author").get("role").getAsString());
            String previous = "";
            JsonObject last = null;
            for (SseEvents.Event event : events.subList(1, events.size() - 1)) {
                assertNull(event.name);
                JsonObject json = JsonParser.parseString(event.data).getAsJsonObject();
                if (!json.has("message")) {
                    assertTrue(json.has("moderation_response"));
                    continue;
                }
                String text = json.getAsJsonObject("message").getAsJsonObject("content")
                        .getAsJsonArray("parts").get(0).getAsString();
                assertTrue(text.startsWith(previous), "cumulative text");
                previous = text;
                last = json.getAsJsonObject("message");
            }
            assertEquals(FakeAnswers.answerFor("legacy please", 1), previous);
            assertEquals("finished_successfully", last.get("status").getAsString());
            assertEquals("stop", last.getAsJsonObject("metadata").getAsJsonObject("finish_details")
                    .get("type").getAsString());
        }
    }

    @Test
    void errorTriggersAnswerWithTheirStatusHeadersAndBodies() throws Exception {
        HttpResponse<String> blocked = client.converse(FakeChatGptClient.body("[[error:403]]", null, null));
        assertEquals(403, blocked.statusCode());
        assertEquals("{\"detail\":\"" + ChatGptErrors.UNUSUAL_ACTIVITY + "\"}", blocked.body());

        HttpResponse<String> limited = client.converse(FakeChatGptClient.body("[[error:429]]", null, null));
        assertEquals(429, limited.statusCode());
        assertEquals("37", limited.headers().firstValue("retry-after").orElse(null));

        HttpResponse<String> cap = client.converse(FakeChatGptClient.body("[[cap]]", null, null));
        assertEquals(429, cap.statusCode());
        assertEquals(120, JsonParser.parseString(cap.body()).getAsJsonObject().getAsJsonObject("detail")
                .get("clears_in").getAsInt());

        HttpResponse<String> cloudflare = client.converse(FakeChatGptClient.body("[[cloudflare]]", null, null));
        assertEquals(403, cloudflare.statusCode());
        assertEquals("challenge", cloudflare.headers().firstValue("cf-mitigated").orElse(null));
        assertTrue(cloudflare.body().contains("<title>Just a moment...</title>"));

        for (int status : new int[] {401, 500, 502, 503}) {
            HttpResponse<String> response = client.converse(
                    FakeChatGptClient.body("[[error:" + status + "]]", null, null));
            assertEquals(status, response.statusCode());
        }
    }
}
