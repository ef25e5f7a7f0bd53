package dev.chatsidecar.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.chatsidecar.server.testing.InProcessServer;
import dev.chatsidecar.server.testing.ScriptedBackend;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The edges of the JSON-RPC contract: empty array params, unknown {@code $/} requests, reused ids,
 * strict JSON, ids out of range, and {@code data} on every error.
 */
class ContractEdgesTest {
    private static final String HOLD = "{\"messages\":[{\"role\":\"user\",\"content\":\"hold:partial\"}]}";

    private static JsonObject error(JsonObject response) {
        assertTrue(response.has("error"), response.toString());
        JsonObject error = response.getAsJsonObject("error");
        JsonObject data = error.getAsJsonObject("data");
        assertTrue(data != null && data.has("type") && data.has("message") && data.has("hint")
                && data.has("retryable"), "the contract's data object: " + error);
        return error;
    }

    private static JsonObject nextNullIdError(InProcessServer s) {
        return error(s.client.awaitFrame(f -> f.has("error") && f.get("id").isJsonNull(), "an error with id null"));
    }

    @Test
    void emptyArrayParamsCountAsNoParams() {
        try (InProcessServer s = new InProcessServer(List.of(ScriptedBackend.standard()))) {
            s.client.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":[]}");
            assertTrue(s.client.response(1).has("result"));
            s.client.sendRaw("{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":[]}");
            s.client.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"chat/models\",\"params\":[]}");
            assertTrue(s.client.response(2).has("result"), "chat/models with []");
            s.client.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"chat/models\",\"params\":[1]}");
            assertEquals(-32602, error(s.client.response(3)).get("code").getAsInt());
            s.client.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"shutdown\",\"params\":[]}");
            assertTrue(s.client.response(4).has("result"), "shutdown with []");
        }
    }

    @Test
    void unknownDollarRequestIsMethodNotFoundAndUnknownDollarNotificationIsIgnored() {
        try (InProcessServer s = new InProcessServer(List.of(ScriptedBackend.standard()))) {
            s.client.initialize(null);
            s.client.notify("$/setTrace", "{\"value\":\"off\"}");
            JsonObject error = error(s.client.response(s.client.request("$/somethingOptional", "{}")));
            assertEquals(-32601, error.get("code").getAsInt());
            assertTrue(s.client.response(s.client.request("chat/models", "{}")).has("result"));
            assertEquals(0, s.client.seen().stream().filter(f -> f.has("error") && f.get("id").isJsonNull()).count(),
                    "the notification got no answer");
        }
    }

    @Test
    void aReusedInFlightIdIsRefusedAndTheRunningRequestStaysCancellable() throws Exception {
        ScriptedBackend backend = ScriptedBackend.standard();
        try (InProcessServer s = new InProcessServer(List.of(backend))) {
            s.client.initialize(null);
            String request = "{\"jsonrpc\":\"2.0\",\"id\":70,\"method\":\"chat/complete\",\"params\":" + HOLD + "}";
            s.client.sendRaw(request);
            assertTrue(backend.holding.poll(10, TimeUnit.SECONDS) != null, "the first request runs");
            s.client.sendRaw(request.replace("\"id\":70", "\"id\":\"70\"")); // the same id as LSP4J keys it
            s.client.sendRaw(request);
            for (int i = 0; i < 2; i++) {
                JsonObject refused = error(s.client.awaitFrame(f -> f.has("error") && f.get("id").getAsString().equals("70"),
                        "refusal of the reused id"));
                assertEquals(-32600, refused.get("code").getAsInt());
                assertTrue(refused.get("message").getAsString().contains("already"), refused.toString());
            }
            assertEquals(1, backend.requests.size(), "only the first request reached the backend");
            s.client.notify("$/cancelRequest", "{\"id\":70}");
            JsonObject cancelled = error(s.client.response(70));
            assertEquals(-32800, cancelled.get("code").getAsInt());
            assertEquals("partial", cancelled.getAsJsonObject("data").get("partialText").getAsString());
            assertEquals(0, s.server.requestsInFlight().count());
            s.client.sendRaw(request.replace("hold:", "echo:"));
            assertTrue(s.client.response(70).has("result"), "the id is free once answered");
        }
    }

    @Test
    void lenientJsonIsAParseError() {
        try (InProcessServer s = new InProcessServer(List.of(ScriptedBackend.standard()))) {
            s.client.initialize(null);
            for (String body : List.of("{'jsonrpc':'2.0','id':5,'method':'chat/models'}",
                    "{jsonrpc:\"2.0\",id:5,method:\"chat/models\"}",
                    "{\"jsonrpc\":\"2.0\",\"id\":NaN,\"method\":\"chat/models\"}",
                    "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"chat/models\"} {}",
                    "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"chat/models\",}")) {
                s.client.sendRaw(body);
                JsonObject error = nextNullIdError(s);
                assertEquals(-32700, error.get("code").getAsInt(), body);
            }
            assertTrue(s.client.response(s.client.request("chat/models", "{}")).has("result"));
        }
    }

    @Test
    void idsBeyondTheIntegerRangeGetAPlainMessage() {
        try (InProcessServer s = new InProcessServer(List.of(ScriptedBackend.standard()))) {
            s.client.initialize(null);
            for (String id : List.of("2147483648", "99999999999999999999", "1.5", "-2147483649", "true")) {
                s.client.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"chat/models\"}");
                JsonObject error = nextNullIdError(s);
                assertEquals(-32600, error.get("code").getAsInt(), id);
                String message = error.get("message").getAsString();
                assertTrue(message.contains("\"id\""), message);
                assertFalse(message.contains("Expected") || message.contains("java") || message.contains("Exception"),
                        "no library internals: " + message);
            }
            s.client.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":2147483647,\"method\":\"chat/models\"}");
            assertTrue(s.client.awaitFrame(f -> f.has("result") && f.get("id").getAsLong() == 2147483647L,
                    "the largest id answered").has("result"));
        }
    }

    @Test
    void everyJsonRpcLevelErrorCarriesTheContractsData() {
        try (InProcessServer s = new InProcessServer(List.of(ScriptedBackend.standard()))) {
            s.client.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chat/models\"}");
            assertEquals(-32002, error(s.client.response(1)).get("code").getAsInt());
            s.client.initialize(null);
            s.client.sendRaw("not json");
            assertEquals(-32700, nextNullIdError(s).get("code").getAsInt());
            s.client.sendRaw("[]");
            assertEquals(-32600, nextNullIdError(s).get("code").getAsInt());
            assertEquals(-32601, error(s.client.response(s.client.request("chat/nonsense", "{}"))).get("code").getAsInt());
            assertEquals(-32600, error(s.client.response(s.client.request("initialize", "{}"))).get("code").getAsInt());
        }
    }

    @Test
    void requestsBeyondTheInFlightLimitAreOverloadedOnTheirOwnIdAndWorkersQueueInOrder() throws Exception {
        ScriptedBackend backend = ScriptedBackend.standard();
        try (InProcessServer s = new InProcessServer(List.of(backend), Map.of("CHAT_SIDECAR_MAX_REQUESTS_IN_FLIGHT", "3",
                "CHAT_SIDECAR_WORKER_THREADS", "1"), null)) {
            s.client.initialize(null);
            int first = s.client.request("chat/complete", HOLD);
            assertTrue(backend.holding.poll(10, TimeUnit.SECONDS) != null);
            int queued = s.client.request("chat/complete", "{\"messages\":[{\"role\":\"user\",\"content\":\"echo:queued\"}]}");
            int alsoQueued = s.client.request("chat/models", "{}");
            int refused = s.client.request("chat/complete", HOLD);
            JsonObject error = error(s.client.response(refused));
            assertEquals(-32017, error.get("code").getAsInt());
            assertEquals("overloaded", error.getAsJsonObject("data").get("type").getAsString());
            assertTrue(error.getAsJsonObject("data").get("retryable").getAsBoolean());
            assertEquals(1, backend.requests.size(), "with one worker the second request waits");
            s.client.notify("$/cancelRequest", "{\"id\":" + first + "}");
            assertEquals(-32800, error(s.client.response(first)).get("code").getAsInt());
            assertEquals("queued", s.client.response(queued).getAsJsonObject("result").get("text").getAsString());
            assertTrue(s.client.response(alsoQueued).has("result"));
            assertTrue(s.client.response(s.client.request("chat/models", "{}")).has("result"), "admitted again");
        }
    }
}
