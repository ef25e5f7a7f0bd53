package dev.chatsidecar.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenAiApiTest {
    private static FakeBackend fake;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        fake = FakeBackend.start(new FakeBackend.Options());
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    private static HttpResponse<String> chat(FakeBackend server, String body, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.openaiBaseUrl() + "/chat/completions"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("authorization", "Bearer " + apiKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String body(String model, String prompt, boolean stream, boolean usage) {
        JsonObject body = new JsonObject();
        body.addProperty("model", model);
        JsonArray messages = new JsonArray();
        JsonObject user = new JsonObject();
        user.addProperty("role", "user");
        user.addProperty("content", prompt);
        messages.add(user);
        body.add("messages", messages);
        body.addProperty("stream", stream);
        if (usage) {
            JsonObject options = new JsonObject();
            options.addProperty("include_usage", true);
            body.add("stream_options", options);
        }
        return body.toString();
    }

    @Test
    void listsTheTwoFakeModels() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(fake.openaiBaseUrl() + "/models"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        JsonObject json = JsonParser.parseString(response.body()).getAsJsonObject();
        assertEquals("list", json.get("object").getAsString());
        JsonArray data = json.getAsJsonArray("data");
        assertEquals("fake-gpt", data.get(0).getAsJsonObject().get("id").getAsString());
        assertEquals("fake-mini", data.get(1).getAsJsonObject().get("id").getAsString());
        assertEquals("fake", data.get(1).getAsJsonObject().get("owned_by").getAsString());
    }

    @Test
    void streamHasRoleChunkContentEmptyDeltaFinishUsageAndDone() throws Exception {
        HttpResponse<String> response = chat(fake, body("fake-gpt", "stream me", true, true), null);
        assertEquals(200, response.statusCode());
        List<SseEvents.Event> events = SseEvents.parse(response.body());
        assertEquals("[DONE]", events.get(events.size() - 1).data);
        JsonObject first = JsonParser.parseString(events.get(0).data).getAsJsonObject();
        assertEquals("chat.completion.chunk", first.get("object").getAsString());
        JsonObject firstDelta = choice(first).getAsJsonObject("delta");
        assertEquals("assistant", firstDelta.get("role").getAsString());
        assertEquals("", firstDelta.get("content").getAsString());

        int n = events.size();
        JsonObject usage = JsonParser.parseString(events.get(n - 2).data).getAsJsonObject();
        assertEquals(0, usage.getAsJsonArray("choices").size());
        assertEquals(FakeAnswers.chunksFor("stream me", 1).size(),
                usage.getAsJsonObject("usage").get("completion_tokens").getAsInt());
        JsonObject finish = JsonParser.parseString(events.get(n - 3).data).getAsJsonObject();
        assertEquals("stop", choice(finish).get("finish_reason").getAsString());
        JsonObject empty = JsonParser.parseString(events.get(n - 4).data).getAsJsonObject();
        assertEquals(0, choice(empty).getAsJsonObject("delta").size());
        assertTrue(choice(empty).get("finish_reason").isJsonNull());

        StringBuilder text = new StringBuilder();
        for (SseEvents.Event event : events.subList(1, n - 4)) {
            text.append(choice(JsonParser.parseString(event.data).getAsJsonObject()).getAsJsonObject("delta")
                    .get("content").getAsString());
        }
        assertEquals(FakeAnswers.answerFor("stream me", 1), text.toString());
    }

    @Test
    void withoutUsageThereIsNoUsageChunkAndLengthFinishes() throws Exception {
        List<SseEvents.Event> events = SseEvents.parse(
                chat(fake, body("fake-mini", "[[length]]", true, false), null).body());
        JsonObject last = JsonParser.parseString(events.get(events.size() - 2).data).getAsJsonObject();
        assertEquals("length", choice(last).get("finish_reason").getAsString());
        assertTrue(!last.has("usage"));
    }

    @Test
    void nonStreamingAnswerIsOneCompletion() throws Exception {
        HttpResponse<String> response = chat(fake, body("fake-gpt", "whole please", false, false), null);
        JsonObject json = JsonParser.parseString(response.body()).getAsJsonObject();
        assertEquals("chat.completion", json.get("object").getAsString());
        assertEquals(FakeAnswers.answerFor("whole please", 1),
                choice(json).getAsJsonObject("message").get("content").getAsString());
        assertEquals("stop", choice(json).get("finish_reason").getAsString());
    }

    @Test
    void turnCountsAssistantMessages() throws Exception {
        String body = "{\"model\":\"fake-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
                + "{\"role\":\"assistant\",\"content\":\"You said: a\"},{\"role\":\"user\",\"content\":\"b\"}]}";
        JsonObject json = JsonParser.parseString(chat(fake, body, null).body()).getAsJsonObject();
        assertEquals("You said: b (turn 2)", choice(json).getAsJsonObject("message").get("content").getAsString());
    }

    @Test
    void unknownModelAndTriggeredErrorsUseOpenAiShapes() throws Exception {
        HttpResponse<String> unknown = chat(fake, body("x", "hi", true, false), null);
        assertEquals(404, unknown.statusCode());
        JsonObject error = JsonParser.parseString(unknown.body()).getAsJsonObject().getAsJsonObject("error");
        assertEquals("The model `x` does not exist or you do not have access to it.", error.get("message").getAsString());
        assertEquals("model_not_found", error.get("code").getAsString());

        HttpResponse<String> badKey = chat(fake, body("fake-gpt", "[[error:401]]", true, false), null);
        assertEquals(401, badKey.statusCode());
        assertEquals("invalid_api_key", JsonParser.parseString(badKey.body()).getAsJsonObject()
                .getAsJsonObject("error").get("code").getAsString());

        HttpResponse<String> limited = chat(fake, body("fake-gpt", "[[error:429]]", true, false), null);
        assertEquals(429, limited.statusCode());
        assertEquals("37", limited.headers().firstValue("retry-after").orElse(null));
    }

    @Test
    void configuredApiKeyIsRequired() throws Exception {
        try (FakeBackend keyed = FakeBackend.start(new FakeBackend.Options().apiKey("sk-test"))) {
            assertEquals(401, chat(keyed, body("fake-gpt", "hi", false, false), null).statusCode());
            assertEquals(401, chat(keyed, body("fake-gpt", "hi", false, false), "sk-wrong").statusCode());
            assertEquals(200, chat(keyed, body("fake-gpt", "hi", false, false), "sk-test").statusCode());
        }
    }

    private static JsonObject choice(JsonObject chunk) {
        return chunk.getAsJsonArray("choices").get(0).getAsJsonObject();
    }
}
