package dev.chatsidecar.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.chatsidecar.server.testing.InProcessServer;
import dev.chatsidecar.server.testing.ScriptedBackend;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    @Test
    void initializeAnswersWithServerInfoAndCapabilitiesOnTheWire() {
        try (InProcessServer s = new InProcessServer(List.of(ScriptedBackend.standard()))) {
            s.client.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"processId\":null}}");
            s.client.response(1);
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"serverInfo\":{\"name\":\"chat-sidecar\","
                    + "\"version\":\"" + dev.chatsidecar.server.Version.get() + "\"},\"capabilities\":{\"chat\":"
                    + "{\"streaming\":\"progress\",\"cancel\":[\"$/cancelRequest\",\"window/workDoneProgress/cancel\"]}}}}",
                    s.client.rawFrames().get(0));
        }
    }

    @Test
    void requestBeforeInitializeGetsServerNotInitializedAndServerKeepsServing() {
        try (InProcessServer s = new InProcessServer(List.of(ScriptedBackend.standard()))) {
            JsonObject early = s.client.response(s.client.request("chat/models", "{}"));
            assertEquals(-32002, early.getAsJsonObject("error").get("code").getAsInt());
            assertEquals("invalid_request", early.getAsJsonObject("error").getAsJsonObject("data").get("type").getAsString());
            JsonObject init = s.client.initialize(null);
            assertTrue(init.has("result"));
            JsonObject models = s.client.response(s.client.request("chat/models", "{}"));
            assertEquals("s-default", models.getAsJsonObject("result").get("defaultModel").getAsString());
        }
    }

    @Test
    void shutdownThenExitEndsWithCodeZero() throws Exception {
        try (InProcessServer s = new InProcessServer(List.of(ScriptedBackend.standard()))) {
            s.client.initialize(null);
            int id = s.client.request("shutdown", (String) null);
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":null}", rawResponse(s, id));
            s.client.notify("exit", null);
            assertEquals(0, s.awaitExit());
        }
    }

    @Test
    void exitWithoutShutdownEndsWithCodeOne() throws Exception {
        try (InProcessServer s = new InProcessServer(List.of(ScriptedBackend.standard()))) {
            s.client.initialize(null);
            s.client.notify("exit", null);
            assertEquals(1, s.awaitExit());
        }
    }

    @Test
    void requestsAfterShutdownAreRefused() {
        try (InProcessServer s = new InProcessServer(List.of(ScriptedBackend.standard()))) {
            s.client.initialize(null);
            s.client.response(s.client.request("shutdown", (String) null));
            JsonObject late = s.client.response(s.client.request("chat/models", "{}"));
            assertEquals(-32600, late.getAsJsonObject("error").get("code").getAsInt());
        }
    }

    @Test
    void endOfInputEndsTheSessionPromptly() throws Exception {
        InProcessServer s = new InProcessServer(List.of(ScriptedBackend.standard()));
        s.client.initialize(null);
        long start = System.nanoTime();
        s.close();
        assertEquals(1, s.awaitExit());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2000);
    }

    @Test
    void endOfInputAbortsRunningRequests() throws Exception {
        ScriptedBackend backend = ScriptedBackend.standard();
        InProcessServer s = new InProcessServer(List.of(backend));
        s.client.initialize(null);
        s.client.request("chat/complete", "{\"messages\":[{\"role\":\"user\",\"content\":\"hold:working\"}]}");
        assertEquals("s-default", backend.holding.poll(5, java.util.concurrent.TimeUnit.SECONDS));
        s.close();
        s.awaitExit();
        assertEquals(1, backend.aborts.get());
    }

    private static String rawResponse(InProcessServer s, int id) {
        s.client.response(id);
        return s.client.rawFrames().stream().filter(f -> f.contains("\"id\":" + id + ",")).findFirst().orElseThrow();
    }
}
