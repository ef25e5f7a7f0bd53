package dev.chatsidecar.server.chatgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.chatsidecar.server.backend.ChatBackend;
import dev.chatsidecar.server.cli.AskCommand;
import dev.chatsidecar.server.http.HttpClientFactory;
import dev.chatsidecar.server.settings.SettingsStore;
import dev.chatsidecar.server.testing.RawHttpServer;
import dev.chatsidecar.server.testing.RpcTestClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ChatGPT backend behind the real JSON-RPC server and the {@code ask} command. */
class ChatGptRpcTest {
    @TempDir
    Path cacheDir;

    private List<ChatBackend> backends() {
        return List.of(new ChatGptBackend(new ChatGptOptions().deviceIdDir(cacheDir).http(new HttpClientFactory())));
    }

    private static JsonElement json(String text) {
        return JsonParser.parseString(text);
    }

    @Test
    void chatCompleteStreamsProgressAndContinuesTheConversation() throws Exception {
        try (FakeChatGpt fake = new FakeChatGpt(); RpcTestClient client = new RpcTestClient(backends())) {
            fake.homepage().requirements("").conversation(FakeStreams.v1("conv-42", "asst-1", "Hello", ", ", "world"));
            client.request(1, "initialize", json("{\"processId\": null, \"initializationOptions\": "
                    + "{\"chatgpt\": {\"baseUrl\": \"" + fake.baseUrl() + "\"}}}"));
            client.until(1, 10_000);
            client.notify("initialized", new JsonObject());

            client.request(2, "chat/models", new JsonObject());
            JsonObject models = last(client.until(2, 10_000)).getAsJsonObject("result");
            assertEquals("auto", models.get("defaultModel").getAsString());
            assertEquals(10, models.getAsJsonArray("models").size());

            client.request(3, "chat/complete", json("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], "
                    + "\"model\": \"gpt-4.1\", \"workDoneToken\": \"t1\"}"));
            List<JsonObject> frames = client.until(3, 20_000);
            List<JsonObject> progress = progress(frames, "t1");
            assertEquals("begin", progress.get(0).get("kind").getAsString());
            assertEquals("gpt-4-1", progress.get(0).get("model").getAsString());
            StringBuilder streamed = new StringBuilder();
            for (int i = 1; i < progress.size() - 1; i++) {
                assertEquals(i, progress.get(i).get("seq").getAsInt());
                streamed.append(progress.get(i).get("delta").getAsString());
            }
            assertEquals("Hello, world", streamed.toString());
            assertEquals("end", last(progress).get("kind").getAsString());
            assertEquals("stop", last(progress).get("finishReason").getAsString());
            JsonObject result = last(frames).getAsJsonObject("result");
            assertEquals("Hello, world", result.get("text").getAsString());
            assertEquals("gpt-4-1", result.get("model").getAsString());
            assertEquals("conv-42", result.getAsJsonObject("conversation").get("id").getAsString());
            assertEquals("gpt-4-1", FakeChatGpt.json(fake.conversationRequests().get(0)).get("model").getAsString());

            fake.conversation(FakeStreams.legacy("conv-42", "asst-2", "Again"));
            JsonObject followUp = new JsonObject();
            JsonArray messages = json("[{\"role\": \"user\", \"content\": \"Hi\"}, {\"role\": \"assistant\", "
                    + "\"content\": \"Hello, world\"}, {\"role\": \"user\", \"content\": \"More?\"}]").getAsJsonArray();
            followUp.add("messages", messages);
            followUp.add("conversation", result.get("conversation"));
            client.request(4, "chat/complete", followUp);
            JsonObject second = last(client.until(4, 20_000)).getAsJsonObject("result");
            assertEquals("Again", second.get("text").getAsString());
            JsonObject body = FakeChatGpt.json(fake.conversationRequests().get(1));
            assertEquals("conv-42", body.get("conversation_id").getAsString());
            assertEquals("asst-1", body.get("parent_message_id").getAsString());
            assertEquals(1, body.getAsJsonArray("messages").size());
        }
    }

    @Test
    void challengeRequiredArrivesAsATypedErrorAfterTheEndProgress() throws Exception {
        try (FakeChatGpt fake = new FakeChatGpt(); RpcTestClient client = new RpcTestClient(backends())) {
            fake.homepage().requirements("{\"turnstile\": {\"required\": true}}");
            client.request(1, "initialize", json("{\"initializationOptions\": {\"chatgpt.baseUrl\": \""
                    + fake.baseUrl() + "\"}}"));
            client.until(1, 10_000);
            client.request(2, "chat/complete", json("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], "
                    + "\"workDoneToken\": 9}"));
            List<JsonObject> frames = client.until(2, 20_000);
            List<JsonObject> progress = progress(frames, "9");
            assertEquals("error", last(progress).get("finishReason").getAsString());
            JsonObject error = last(frames).getAsJsonObject("error");
            assertEquals(-32010, error.get("code").getAsInt());
            JsonObject data = error.getAsJsonObject("data");
            assertEquals("challenge_required", data.get("type").getAsString());
            assertTrue(data.get("message").getAsString().contains("Turnstile"), data.toString());
            assertTrue(data.get("hint").getAsString().contains("does not solve"), data.toString());
            assertEquals(false, data.get("retryable").getAsBoolean());
        }
    }

    @Test
    void askStreamsTheAnswerToStdout() throws Exception {
        try (FakeChatGpt fake = new FakeChatGpt()) {
            fake.homepage().requirements("").conversation(FakeStreams.v1("c", "m", "Hello", " from ask"));
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            int code = new AskCommand(new SettingsStore(Map.of("CHAT_SIDECAR_CHATGPT_BASE_URL", fake.baseUrl())),
                    backends(), stdout, new ByteArrayInputStream(new byte[0])).run(List.of("hello"));
            assertEquals(0, code);
            assertEquals("Hello from ask", stdout.toString(StandardCharsets.UTF_8).strip());
        }
    }

    @Test
    void cancelRequestAbortsTheUpstreamCallAndKeepsThePartialText() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RawHttpServer server = RawChatGpt.start((request, exchange) -> {
            exchange.head(200, "Content-Type: text/event-stream");
            exchange.write(FakeStreams.v1Start("c", "m", "Partial"));
            release.await(30, TimeUnit.SECONDS);
        }); RpcTestClient client = new RpcTestClient(backends())) {
            client.request(1, "initialize", json("{\"initializationOptions\": {\"chatgpt\": {\"baseUrl\": \""
                    + server.baseUrl() + "\"}}}"));
            client.until(1, 10_000);
            client.request(2, "chat/complete", json("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], "
                    + "\"workDoneToken\": \"w\"}"));
            JsonObject frame;
            do {
                frame = client.next(10_000);
            } while (frame != null && !(frame.has("params") && frame.getAsJsonObject("params").has("value")
                    && frame.getAsJsonObject("params").getAsJsonObject("value").has("delta")));
            assertTrue(frame != null, "a delta arrived");
            var exchange = RawChatGpt.conversationExchange(server);
            JsonObject cancel = new JsonObject();
            cancel.addProperty("id", 2);
            client.notify("$/cancelRequest", cancel);
            List<JsonObject> frames = client.until(2, 10_000);
            JsonObject error = last(frames).getAsJsonObject("error");
            assertEquals(-32800, error.get("code").getAsInt());
            assertEquals("cancelled", error.getAsJsonObject("data").get("type").getAsString());
            assertEquals("Partial", error.getAsJsonObject("data").get("partialText").getAsString());
            assertEquals("cancelled", last(progress(frames, "w")).get("finishReason").getAsString());
            exchange.clientClosed().get(5, TimeUnit.SECONDS);
            release.countDown();
        }
    }

    private static List<JsonObject> progress(List<JsonObject> frames, String token) {
        List<JsonObject> values = new ArrayList<>();
        for (JsonObject frame : frames) {
            if (frame.has("method") && frame.get("method").getAsString().equals("$/progress")) {
                JsonObject params = frame.getAsJsonObject("params");
                if (params.get("token").getAsString().equals(token)) {
                    values.add(params.getAsJsonObject("value"));
                }
            }
        }
        return values;
    }

    private static JsonObject last(List<JsonObject> list) {
        return list.get(list.size() - 1);
    }
}
