package dev.chatsidecar.server.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.chatsidecar.server.testing.InProcessServer;
import dev.chatsidecar.server.testing.ScriptedBackend;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 11: every params problem is answered before {@code begin}; a bad environment value never fails initialize. */
class ParamsBeforeBeginTest {

    private static JsonObject complete(InProcessServer s, String extra) {
        int id = s.client.request("chat/complete", "{\"messages\":[{\"role\":\"user\",\"content\":\"echo:x\"}],"
                + "\"workDoneToken\":\"t\"" + extra + "}");
        return s.client.response(id);
    }

    @Test
    void halfAConversationHandleIsRefusedBeforeBegin() {
        ScriptedBackend backend = ScriptedBackend.standard();
        try (InProcessServer s = new InProcessServer(List.of(backend))) {
            s.client.initialize(null);
            for (String conversation : List.of("{\"id\":\"c-1\"}", "{\"parentMessageId\":\"m-1\"}")) {
                JsonObject error = complete(s, ",\"conversation\":" + conversation).getAsJsonObject("error");
                assertEquals(-32602, error.get("code").getAsInt(), error.toString());
                assertEquals("invalid_request", error.getAsJsonObject("data").get("type").getAsString());
                assertTrue(error.get("message").getAsString().contains("parentMessageId"), error.toString());
                assertEquals(List.of(), s.client.progress("t"), "no begin/end for invalid params");
            }
            assertEquals(0, backend.requests.size());
            // an empty handle is a new chat
            assertEquals("x", complete(s, ",\"conversation\":{}").getAsJsonObject("result").get("text").getAsString());
        }
    }

    @Test
    void aBadEnvironmentValueDoesNotFailInitializeAndTheOthersApply() {
        try (InProcessServer s = new InProcessServer(List.of(ScriptedBackend.standard()),
                Map.of("OPENAI_BASE_URL", "localhost:11434", "CHAT_SIDECAR_DEFAULT_MODEL", "s-other"), null)) {
            JsonObject init = s.client.initialize("{\"fallback\":[\"s-default\"]}");
            assertTrue(init.has("result"), init.toString());
            JsonObject models = s.client.response(s.client.request("chat/models", "{}")).getAsJsonObject("result");
            assertEquals("s-other", models.get("defaultModel").getAsString(), "the good environment value applies");
        }
    }
}
