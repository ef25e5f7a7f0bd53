package dev.chatsidecar.server.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.testing.InProcessServer;
import dev.chatsidecar.server.testing.PerModelBackend;
import dev.chatsidecar.server.testing.SharedFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A failing remote model falls back to the real embedded model, which streams the answer. */
class LocalFallbackTest {
    private static final String LOCAL_OPTIONS = "{\"local\":{\"contextSize\":512,\"threads\":1}}";

    @Test
    void anUnreachableDefaultFallsBackToTheEmbeddedModel() {
        PerModelBackend remote = new PerModelBackend("remote")
                .model("auto", PerModelBackend.fails(ErrorType.UNREACHABLE, "Cannot reach chatgpt.com (DNS lookup failed)."));
        try (InProcessServer s = new InProcessServer(List.of(remote, new LocalChatBackend()),
                Map.of("CHAT_SIDECAR_LOCAL_MODEL", SharedFiles.storiesModel().toString(),
                        "CHAT_SIDECAR_FALLBACK", "local/stories260K"), null)) {
            s.client.initialize(LOCAL_OPTIONS);
            JsonObject models = s.client.response(s.client.request("chat/models", "{}")).getAsJsonObject("result");
            assertEquals("auto", models.get("defaultModel").getAsString());
            JsonObject local = models.getAsJsonArray("models").get(1).getAsJsonObject();
            assertEquals("local/stories260K", local.get("id").getAsString());
            assertTrue(local.get("available").getAsBoolean());

            JsonObject result = s.client.response(s.client.request("chat/complete",
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"Once upon a time\"}],\"workDoneToken\":\"w\","
                            + "\"options\":{\"temperature\":0,\"maxTokens\":40}}")).getAsJsonObject("result");
            assertEquals("local/stories260K", result.get("model").getAsString());
            assertEquals("length", result.get("finishReason").getAsString());
            assertEquals(40, result.getAsJsonObject("usage").get("completionTokens").getAsInt());
            JsonObject attempt = result.getAsJsonArray("attempts").get(0).getAsJsonObject();
            assertEquals("auto", attempt.get("model").getAsString());
            assertEquals("unreachable", attempt.get("type").getAsString());

            List<JsonObject> progress = s.client.progress("w");
            assertEquals("local/stories260K", progress.get(0).get("model").getAsString());
            StringBuilder streamed = new StringBuilder();
            progress.subList(1, progress.size() - 1).forEach(v -> streamed.append(v.get("delta").getAsString()));
            assertEquals(result.get("text").getAsString(), streamed.toString());
            assertFalse(streamed.toString().isBlank());
        }
    }

    @Test
    void streamedAndNonStreamedAnswersAreTheSameText() {
        try (InProcessServer s = new InProcessServer(List.of(new LocalChatBackend()),
                Map.of("CHAT_SIDECAR_LOCAL_MODEL", SharedFiles.storiesModel().toString()), null)) {
            s.client.initialize(LOCAL_OPTIONS);
            String params = "{\"messages\":[{\"role\":\"system\",\"content\":\"Tell a story.\"},"
                    + "{\"role\":\"user\",\"content\":\"A dog\"}],\"options\":{\"temperature\":0,\"maxTokens\":50}";
            JsonObject plain = s.client.response(s.client.request("chat/complete", params + "}")).getAsJsonObject("result");
            JsonObject streamed = s.client.response(s.client.request("chat/complete", params + ",\"workDoneToken\":\"s\"}"))
                    .getAsJsonObject("result");
            assertEquals(plain.get("text").getAsString(), streamed.get("text").getAsString());
            StringBuilder deltas = new StringBuilder();
            List<JsonObject> progress = s.client.progress("s");
            progress.subList(1, progress.size() - 1).forEach(v -> deltas.append(v.get("delta").getAsString()));
            assertEquals(plain.get("text").getAsString(), deltas.toString());
        }
    }

    @Test
    void aRequestForTheUnconfiguredLocalModelFailsWithTheReason() {
        try (InProcessServer s = new InProcessServer(List.of(new LocalChatBackend()))) {
            s.client.initialize(null);
            JsonObject models = s.client.response(s.client.request("chat/models", "{}")).getAsJsonObject("result");
            JsonObject local = models.getAsJsonArray("models").get(0).getAsJsonObject();
            assertFalse(local.get("available").getAsBoolean());
            JsonObject data = s.client.response(s.client.request("chat/complete",
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"model\":\"local\"}"))
                    .getAsJsonObject("error").getAsJsonObject("data");
            assertEquals("unreachable", data.get("type").getAsString());
            assertEquals(local.get("unavailableReason").getAsString(), data.get("message").getAsString());
            assertFalse(data.get("retryable").getAsBoolean());
        }
    }
}
