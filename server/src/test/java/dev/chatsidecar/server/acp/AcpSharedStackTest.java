package dev.chatsidecar.server.acp;

import static dev.chatsidecar.server.acp.AcpTestClient.prompt;
import static dev.chatsidecar.server.acp.AcpTestClient.stopReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.chatsidecar.protocol.ModelInfo;
import dev.chatsidecar.server.testing.Await;
import dev.chatsidecar.server.testing.ScriptedBackend;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code --acp} gets from the shared JSON-RPC stack of {@code --stdio}: admission control
 * ({@code overloaded} on the request's own id, duplicate ids refused), errors with the contract's
 * {@code data}, ACP's {@code $/cancel_request} reaching LSP4J's cancel, and the end of the session
 * when the client closes the agent's stdout.
 */
class AcpSharedStackTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String NEW_SESSION = "{\"cwd\":\"/tmp\",\"mcpServers\":[]}";

    private final ScriptedBackend scripted = new ScriptedBackend("scripted",
            new ModelInfo("s-default", "Scripted default", "scripted", List.of()));
    private AcpTestClient client;

    private void start(Map<String, String> env) throws Exception {
        client = AcpTestClient.initialized(List.of(scripted), env);
    }

    @AfterEach
    void stop() throws Exception {
        scripted.release();
        if (client != null) {
            client.close();
        }
    }

    @Test
    void aRequestOverTheLimitIsAnsweredOverloadedOnItsOwnIdWithTheContractData() throws Exception {
        start(Map.of("CHAT_SIDECAR_MAX_REQUESTS_IN_FLIGHT", "1"));
        String session = client.newSession();
        int held = client.request("session/prompt", prompt(session, "hold:busy"));
        client.next(m -> m.has("method") && m.toString().contains("busy"));
        JsonObject refused = client.error(client.request("session/new", NEW_SESSION));
        assertEquals(-32017, refused.get("code").getAsInt());
        JsonObject data = refused.getAsJsonObject("data");
        assertEquals("overloaded", data.get("type").getAsString());
        assertTrue(data.get("retryable").getAsBoolean());
        assertTrue(data.get("message").getAsString().contains("limit 1"), data.toString());
        assertFalse(data.get("hint").getAsString().isBlank());
        assertEquals(1, client.acp.requestsInFlight().count(), "only the held prompt is in flight");

        client.notify("session/cancel", "{\"sessionId\":\"" + session + "\"}");
        assertEquals("cancelled", stopReason(client.response(held)));
        Await.until(() -> client.acp.requestsInFlight().count() == 0, WAIT, "the answered prompt to leave");
        assertTrue(client.newSession().startsWith("sess_"), "served again once the prompt is answered");
    }

    @Test
    void anIdAlreadyInFlightIsRefusedAndTheRunningRequestGoesOn() throws Exception {
        start(Map.of());
        String session = client.newSession();
        client.sendLine(request(900, "session/prompt", prompt(session, "hold:first")));
        client.next(m -> m.has("method") && m.toString().contains("first"));
        client.sendLine(request(900, "session/new", NEW_SESSION));
        JsonObject duplicate = client.error(900);
        assertEquals(-32600, duplicate.get("code").getAsInt());
        assertTrue(duplicate.get("message").getAsString().contains("already used"), duplicate.toString());
        assertEquals("invalid_request", duplicate.getAsJsonObject("data").get("type").getAsString());
        assertEquals(0, scripted.aborts.get(), "the running prompt was not touched");

        client.notify("$/cancel_request", "{\"requestId\":900}");
        assertEquals("cancelled", stopReason(client.response(900)));
        Await.until(() -> scripted.aborts.get() == 1, WAIT, "the upstream call to be aborted");
    }

    @Test
    void cancelRequestTakesStringIdsAndIgnoresIdsThatCannotBeOne() throws Exception {
        start(Map.of());
        String session = client.newSession();
        client.sendLine("{\"jsonrpc\":\"2.0\",\"id\":\"turn-a\",\"method\":\"session/prompt\",\"params\":"
                + prompt(session, "hold:waiting") + "}");
        client.next(m -> m.has("method") && m.toString().contains("waiting"));
        client.notify("$/cancel_request", "{\"requestId\":true}");
        client.notify("$/cancel_request", "{}");
        assertTrue(client.newSession().startsWith("sess_"), "the agent reads on after a cancel it cannot use");
        // a cancel is handled on the reading thread: had one of them cancelled the prompt, its answer came first
        assertTrue(client.seen().stream().noneMatch(m -> m.has("id") && "turn-a".equals(m.get("id").getAsString())),
                "the prompt was not answered by them");

        client.notify("$/cancel_request", "{\"requestId\":\"turn-a\"}");
        assertEquals("cancelled", stopReason(client.response("turn-a")));
        Await.until(() -> scripted.aborts.get() == 1, WAIT, "the upstream call to be aborted");
        Await.until(() -> client.acp.requestsInFlight().count() == 0, WAIT, "the cancelled prompt to leave");
    }

    @Test
    void jsonRpcLevelErrorsCarryTheContractData() throws Exception {
        start(Map.of());
        client.sendLine("{not json");
        JsonObject parse = client.next(m -> m.has("id") && m.get("id").isJsonNull()).getAsJsonObject("error");
        assertEquals(-32700, parse.get("code").getAsInt());
        assertEquals("invalid_request", parse.getAsJsonObject("data").get("type").getAsString());
        JsonObject unknown = client.error(client.request("session/load", "{}"));
        assertEquals(-32601, unknown.get("code").getAsInt());
        assertTrue(unknown.get("message").getAsString().contains("session/prompt"), "names the methods there are");
        assertTrue(unknown.getAsJsonObject("data").get("hint").getAsString().contains("docs/acp.md"));
    }

    @Test
    void closingTheAgentsStdoutEndsTheSessionAndAbortsRunningPrompts() throws Exception {
        start(Map.of());
        String session = client.newSession();
        client.request("session/prompt", prompt(session, "hold:streaming"));
        client.next(m -> m.has("method") && m.toString().contains("streaming"));
        client.closeServerOutput();
        client.request("session/new", NEW_SESSION); // its answer is the write that fails
        assertEquals(1, client.awaitExitCode());
        Await.until(() -> scripted.aborts.get() == 1, WAIT, "the upstream call to be aborted");
    }

    private static String request(int id, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}";
    }
}
