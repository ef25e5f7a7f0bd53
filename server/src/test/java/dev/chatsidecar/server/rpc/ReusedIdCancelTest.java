package dev.chatsidecar.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.chatsidecar.server.testing.Await;
import dev.chatsidecar.server.testing.HeldOutput;
import dev.chatsidecar.server.testing.InProcessServer;
import dev.chatsidecar.server.testing.ScriptedBackend;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An id is free again once its request is answered (see {@code ContractEdgesTest}), so a client may
 * send a new request with it right after the response. A {@code $/cancelRequest} for that new request
 * must stop it, whatever the thread that answered the old one is still doing.
 */
class ReusedIdCancelTest {

    private static final String ID = "71";

    /**
     * The old request's worker writes its response (the id leaves the requests in flight first), the
     * client reuses the id at once, and only then does the worker return from writing. Its clean-up
     * used to forget the request under that id — the new one — so the new request's cancel was
     * dropped ("Unmatched cancel notification") and it ran on until its backend gave up.
     */
    @Test
    void aCancelOfAnIdReusedRightAfterItsResponseStopsTheNewRequest() throws Exception {
        ScriptedBackend backend = ScriptedBackend.standard();
        HeldOutput[] gate = new HeldOutput[1];
        try (InProcessServer s = new InProcessServer(List.of(backend), Map.of(), out -> gate[0] = new HeldOutput(out))) {
            s.client.initialize(null);
            // the first response to ID (a response: no "method") is held on its way out
            gate[0].holdWhen(text -> text.contains("\"id\":" + ID + ",") && !text.contains("\"method\""));
            s.client.sendRaw(request(ID, "hold:first"));
            assertTrue(backend.holding.poll(10, TimeUnit.SECONDS) != null, "the first request runs");
            s.client.notify("$/cancelRequest", "{\"id\":" + ID + "}");
            assertTrue(gate[0].awaitBlocked(), "the first request's worker writes its response");

            // the id is out of the requests in flight now: reuse it, then a marker request proves the
            // reader handled the reused one completely (it reaches the backend after it)
            s.client.sendRaw(request(ID, "hold:second"));
            s.client.sendRaw(request("72", "hold:marker"));
            Await.until(() -> backend.requests.size() == 3, Duration.ofSeconds(10), "both new requests reach the backend");

            gate[0].resume();
            JsonObject first = s.client.response(Integer.parseInt(ID));
            assertEquals(-32800, first.getAsJsonObject("error").get("code").getAsInt(), first.toString());
            Thread worker = gate[0].blockedThread();
            Await.until(() -> Arrays.stream(worker.getStackTrace())
                    .anyMatch(frame -> frame.getMethodName().equals("nextTask")), Duration.ofSeconds(10),
                    "the first request's worker is done with it and back in the pool");

            s.client.notify("$/cancelRequest", "{\"id\":" + ID + "}");
            Await.until(() -> backend.aborts.get() == 2, Duration.ofSeconds(5),
                    "the cancel of the reused id to abort its upstream call");
            JsonObject second = s.client.response(Integer.parseInt(ID));
            assertTrue(second.has("error"), "the reused id's request was cancelled, not answered: " + second);
            assertEquals(-32800, second.getAsJsonObject("error").get("code").getAsInt(), second.toString());
            assertEquals("second", second.getAsJsonObject("error").getAsJsonObject("data").get("partialText").getAsString());
            assertEquals(2, backend.aborts.get(), "both upstream calls were aborted");

            s.client.notify("$/cancelRequest", "{\"id\":72}");
            assertEquals(-32800, s.client.response(72).getAsJsonObject("error").get("code").getAsInt());
        }
    }

    private static String request(String id, String prompt) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"chat/complete\",\"params\":"
                + "{\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}}";
    }
}
