package dev.chatsidecar.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.chatsidecar.server.testing.InProcessServer;
import dev.chatsidecar.server.testing.ScriptedBackend;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Both cancel routes stop the backend, send end(cancelled) before -32800, and nothing after. */
class CancellationTest {

    private static final String HOLD = "{\"messages\":[{\"role\":\"user\",\"content\":\"hold:Partial answer so far\"}],"
            + "\"workDoneToken\":\"tok\"}";

    private void assertCancelledProperly(InProcessServer s, ScriptedBackend backend, int id) throws Exception {
        JsonObject response = s.client.response(id);
        JsonObject error = response.getAsJsonObject("error");
        assertEquals(-32800, error.get("code").getAsInt());
        JsonObject data = error.getAsJsonObject("data");
        assertEquals("cancelled", data.get("type").getAsString());
        assertEquals("Partial answer so far", data.get("partialText").getAsString());
        assertEquals(1, backend.aborts.get(), "the backend's upstream call was aborted");
        List<String> frames = s.client.rawFrames();
        int responseIndex = -1;
        int endIndex = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).contains("\"finishReason\":\"cancelled\"")) {
                endIndex = i;
            }
            if (frames.get(i).contains("\"id\":" + id + ",")) {
                responseIndex = i;
            }
        }
        assertTrue(endIndex >= 0 && endIndex < responseIndex, "end(cancelled) precedes the response: " + frames);
        // a later request's complete exchange proves nothing more for "tok" was queued after the response
        JsonObject after = s.client.response(s.client.request("chat/complete",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"echo:next\"}],\"workDoneToken\":\"other\"}"));
        assertNotNull(after.get("result"));
        List<String> later = s.client.rawFrames().subList(responseIndex + 1, s.client.rawFrames().size());
        assertTrue(later.stream().noneMatch(f -> f.contains("\"token\":\"tok\"")), "no progress after the response: " + later);
        assertEquals(2, backend.finished.get(), "the cancelled backend call returned");
    }

    @Test
    void cancelRequestStopsTheWork() throws Exception {
        ScriptedBackend backend = ScriptedBackend.standard();
        try (InProcessServer s = new InProcessServer(List.of(backend))) {
            s.client.initialize(null);
            int id = s.client.request("chat/complete", HOLD);
            assertEquals("s-default", backend.holding.poll(5, TimeUnit.SECONDS));
            s.client.notify("$/cancelRequest", "{\"id\":" + id + "}");
            assertCancelledProperly(s, backend, id);
        }
    }

    @Test
    void workDoneProgressCancelStopsTheWork() throws Exception {
        ScriptedBackend backend = ScriptedBackend.standard();
        try (InProcessServer s = new InProcessServer(List.of(backend))) {
            s.client.initialize(null);
            int id = s.client.request("chat/complete", HOLD);
            assertEquals("s-default", backend.holding.poll(5, TimeUnit.SECONDS));
            s.client.notify("window/workDoneProgress/cancel", "{\"token\":\"tok\"}");
            assertCancelledProperly(s, backend, id);
        }
    }

    @Test
    void doubleCancelAndCancelOfUnknownIdsAreHarmless() throws Exception {
        ScriptedBackend backend = ScriptedBackend.standard();
        try (InProcessServer s = new InProcessServer(List.of(backend))) {
            s.client.initialize(null);
            s.client.notify("$/cancelRequest", "{\"id\":999}");
            s.client.notify("window/workDoneProgress/cancel", "{\"token\":\"nobody\"}");
            int id = s.client.request("chat/complete", HOLD);
            assertEquals("s-default", backend.holding.poll(5, TimeUnit.SECONDS));
            s.client.notify("$/cancelRequest", "{\"id\":" + id + "}");
            s.client.notify("$/cancelRequest", "{\"id\":" + id + "}");
            s.client.notify("window/workDoneProgress/cancel", "{\"token\":\"tok\"}");
            assertCancelledProperly(s, backend, id);
            long cancelledResponses = s.client.seen().stream()
                    .filter(f -> f.has("id") && f.get("id").isJsonPrimitive() && f.get("id").getAsInt() == id).count();
            assertEquals(1, cancelledResponses, "exactly one response");
        }
    }

    @Test
    void cancelAfterTheResponseChangesNothing() {
        ScriptedBackend backend = ScriptedBackend.standard();
        try (InProcessServer s = new InProcessServer(List.of(backend))) {
            s.client.initialize(null);
            int id = s.client.request("chat/complete",
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"echo:done\"}],\"workDoneToken\":\"d\"}");
            assertEquals("done", s.client.response(id).getAsJsonObject("result").get("text").getAsString());
            s.client.notify("$/cancelRequest", "{\"id\":" + id + "}");
            s.client.notify("window/workDoneProgress/cancel", "{\"token\":\"d\"}");
            JsonObject next = s.client.response(s.client.request("chat/models", "{}"));
            assertTrue(next.has("result"));
            assertEquals(1, s.client.seen().stream()
                    .filter(f -> f.has("id") && f.get("id").isJsonPrimitive() && f.get("id").getAsInt() == id).count());
            assertEquals(0, backend.aborts.get());
        }
    }
}
