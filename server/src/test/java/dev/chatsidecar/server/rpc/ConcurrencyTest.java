package dev.chatsidecar.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.gson.JsonObject;
import dev.chatsidecar.server.testing.InProcessServer;
import dev.chatsidecar.server.testing.ScriptedBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

    @Test
    void twentyConcurrentRequestsEachGetOnlyTheirOwnDeltas() throws Exception {
        ScriptedBackend backend = ScriptedBackend.standard();
        try (InProcessServer s = new InProcessServer(List.of(backend))) {
            s.client.initialize(null);
            int n = 20;
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(s.client.request("chat/complete", "{\"messages\":[{\"role\":\"user\",\"content\":"
                        + "\"hold:answer number " + i + " for request " + i + "\"}],\"workDoneToken\":\"c" + i + "\"}"));
            }
            // all twenty are in flight at the same time before any may finish
            for (int i = 0; i < n; i++) {
                assertEquals("s-default", backend.holding.poll(10, TimeUnit.SECONDS), "request " + i + " in flight");
            }
            backend.release();
            for (int i = 0; i < n; i++) {
                JsonObject result = s.client.response(ids.get(i)).getAsJsonObject("result");
                String expected = "answer number " + i + " for request " + i;
                assertEquals(expected, result.get("text").getAsString());
                StringBuilder streamed = new StringBuilder();
                List<JsonObject> values = s.client.progress("c" + i);
                long seq = 0;
                for (JsonObject value : values) {
                    if (value.get("kind").getAsString().equals("report")) {
                        assertEquals(++seq, value.get("seq").getAsLong());
                        streamed.append(value.get("delta").getAsString());
                    }
                }
                assertEquals(expected, streamed.toString(), "token c" + i + " got exactly its own text");
                assertEquals("begin", values.get(0).get("kind").getAsString());
                assertEquals("end", values.get(values.size() - 1).get("kind").getAsString());
            }
            assertNull(s.client.wireError());
        }
    }
}
