package dev.chatsidecar.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.chatsidecar.server.settings.SettingKey;
import dev.chatsidecar.server.testing.InProcessServer;
import dev.chatsidecar.server.testing.ScriptedBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsOverRpcTest {

    @Test
    void badInitializationOptionsAreRejectedNamingTheKeyAndInitializeCanBeRetried() {
        try (InProcessServer s = new InProcessServer(List.of(ScriptedBackend.standard()))) {
            JsonObject error = s.client.response(s.client.request("initialize",
                    "{\"initializationOptions\":{\"http\":{\"connectTimeoutMs\":\"x\"}}}")).getAsJsonObject("error");
            assertEquals(-32602, error.get("code").getAsInt());
            assertEquals("invalid_request", error.getAsJsonObject("data").get("type").getAsString());
            assertTrue(error.get("message").getAsString().contains("http.connectTimeoutMs"));
            assertTrue(s.client.initialize("{\"http\":{\"connectTimeoutMs\":5}}").has("result"));
        }
    }

    @Test
    void didChangeConfigurationReplacesSettingsAndRejectsBadOnesWithALogMessage() {
        ScriptedBackend backend = ScriptedBackend.standard();
        try (InProcessServer s = new InProcessServer(List.of(backend))) {
            s.client.initialize(null);
            s.client.notify("workspace/didChangeConfiguration", "{\"settings\":{\"defaultModel\":\"s-other\"}}");
            JsonObject result = s.client.response(s.client.request("chat/complete",
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"echo:x\"}]}")).getAsJsonObject("result");
            assertEquals("s-other", result.get("model").getAsString());
            assertEquals("s-other", backend.requests.peek().settings().string(SettingKey.DEFAULT_MODEL));
            s.client.notify("workspace/didChangeConfiguration", "{\"settings\":{\"fallback\":7}}");
            JsonObject log = s.client.awaitFrame(f -> f.has("method")
                    && f.get("method").getAsString().equals("window/logMessage"), "a logMessage");
            assertEquals(1, log.getAsJsonObject("params").get("type").getAsInt());
            assertTrue(log.getAsJsonObject("params").get("message").getAsString().contains("fallback"));
            JsonObject still = s.client.response(s.client.request("chat/models", "{}")).getAsJsonObject("result");
            assertEquals("s-other", still.get("defaultModel").getAsString(), "the previous settings stay in force");
        }
    }
}
