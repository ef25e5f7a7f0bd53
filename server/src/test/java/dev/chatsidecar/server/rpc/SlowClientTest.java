package dev.chatsidecar.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.chatsidecar.server.testing.Await;
import dev.chatsidecar.server.testing.HeldOutput;
import dev.chatsidecar.server.testing.InProcessServer;
import dev.chatsidecar.server.testing.ScriptedBackend;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** While the client does not read, deltas of a stream merge into fewer reports; the text stays exact. */
class SlowClientTest {

    /**
     * Two streams while stdout is stalled: the thread that was writing when the client stopped reading
     * waits with it, the other stream goes on (its backend finishes) and its deltas merge into one
     * pending report; after the client reads again both texts are exact, with gap-free seq.
     */
    @Test
    void deltasCoalesceWhileTheClientStallsAndTheTextStaysExact() throws Exception {
        ScriptedBackend backend = ScriptedBackend.standard();
        HeldOutput[] holder = new HeldOutput[1];
        try (InProcessServer s = new InProcessServer(List.of(backend), Map.of(),
                out -> holder[0] = new HeldOutput(out))) {
            s.client.initialize(null);
            HeldOutput output = holder[0];
            output.hold();
            String first = words("first", 300);
            String second = words("second", 300);
            int firstId = s.client.request("chat/complete", "{\"messages\":[{\"role\":\"user\",\"content\":\"echo:"
                    + first + "\"}],\"workDoneToken\":\"slow-1\"}");
            assertTrue(output.awaitBlocked(), "the writer stalled");
            int secondId = s.client.request("chat/complete", "{\"messages\":[{\"role\":\"user\",\"content\":\"echo:"
                    + second + "\"}],\"workDoneToken\":\"slow-2\"}");
            int other = s.client.request("chat/models", "{}");
            // a producer that finds the writer busy only queues: the second backend finishes while stdout is blocked
            Await.until(() -> backend.finished.get() >= 1, java.time.Duration.ofSeconds(10),
                    "a backend finished while stdout was blocked");
            output.resume();
            assertEquals(first, s.client.response(firstId).getAsJsonObject("result").get("text").getAsString());
            assertEquals(second, s.client.response(secondId).getAsJsonObject("result").get("text").getAsString());
            assertTrue(s.client.response(other).has("result"));
            long reports = assertExactStream(s, "slow-1", first) + assertExactStream(s, "slow-2", second);
            assertTrue(reports < 600, "600 deltas were coalesced into " + reports + " reports");
        }
    }

    private static String words(String prefix, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(' ').append(prefix).append(i);
        }
        return text.toString().trim();
    }

    /** Checks gap-free seq and the exact text of one stream; returns its number of reports. */
    private static long assertExactStream(InProcessServer s, String token, String text) {
        StringBuilder streamed = new StringBuilder();
        long seq = 0;
        for (JsonObject value : s.client.progress(token)) {
            if (value.get("kind").getAsString().equals("report")) {
                assertEquals(++seq, value.get("seq").getAsLong());
                streamed.append(value.get("delta").getAsString());
            }
        }
        assertEquals(text, streamed.toString());
        return seq;
    }
}
