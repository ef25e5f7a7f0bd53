package dev.chatsidecar.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.chatsidecar.server.testing.InProcessServer;
import dev.chatsidecar.server.testing.SharedFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code chat/models} over the production backends: every backend's models, each with its availability. */
class StandardBackendsTest {

    private static JsonObject models(Map<String, String> env) {
        try (InProcessServer s = new InProcessServer(Main.standardBackends(), env, null)) {
            s.client.initialize(null);
            return s.client.response(s.client.request("chat/models", "{}")).getAsJsonObject("result");
        }
    }

    private static JsonObject byId(JsonObject result, String id) {
        for (JsonElement model : result.getAsJsonArray("models")) {
            if (model.getAsJsonObject().get("id").getAsString().equals(id)) {
                return model.getAsJsonObject();
            }
        }
        throw new AssertionError(id + " not listed in " + result);
    }

    @Test
    void withNothingConfiguredChatGptIsTheDefaultAndTheOthersSayWhatToSet() {
        JsonObject result = models(Map.of("CHAT_SIDECAR_CHATGPT_BASE_URL", "http://127.0.0.1:9"));
        assertEquals("auto", result.get("defaultModel").getAsString());
        List<String> providers = result.getAsJsonArray("models").asList().stream()
                .map(m -> m.getAsJsonObject().get("provider").getAsString()).distinct().toList();
        assertEquals(List.of("chatgpt", "openai", "local"), providers);
        JsonObject auto = byId(result, "auto");
        assertTrue(auto.get("isDefault").getAsBoolean());
        JsonObject openai = byId(result, "openai/*");
        assertFalse(openai.get("available").getAsBoolean());
        assertTrue(openai.get("unavailableReason").getAsString().contains("OPENAI_API_KEY"));
        JsonObject local = byId(result, "local/model");
        assertFalse(local.get("available").getAsBoolean());
        assertTrue(local.get("unavailableReason").getAsString().contains("CHAT_SIDECAR_LOCAL_MODEL"));
    }

    @Test
    void aConfiguredLocalModelIsListedAvailable() {
        JsonObject result = models(Map.of("CHAT_SIDECAR_CHATGPT_BASE_URL", "http://127.0.0.1:9",
                "CHAT_SIDECAR_LOCAL_MODEL", SharedFiles.storiesModel().toString()));
        JsonObject local = byId(result, "local/stories260K");
        assertTrue(local.get("available").getAsBoolean());
        assertTrue(local.get("unavailableReason").isJsonNull());
        assertEquals(List.of("local"), local.getAsJsonArray("aliases").asList().stream().map(JsonElement::getAsString).toList());
    }
}
