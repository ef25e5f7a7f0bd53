package dev.chatsidecar.server.acp;

import static dev.chatsidecar.server.acp.AcpTestClient.prompt;
import static dev.chatsidecar.server.acp.AcpTestClient.stopReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.chatsidecar.protocol.ChatMessage;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.protocol.ModelInfo;
import dev.chatsidecar.server.backend.BackendRequest;
import dev.chatsidecar.server.backend.BackendResult;
import dev.chatsidecar.server.testing.Await;
import dev.chatsidecar.server.testing.PerModelBackend;
import dev.chatsidecar.server.testing.ScriptedBackend;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ACP methods over the line framing, against scripted backends: the mapping onto the chat pipeline. */
class AcpServerTest {
    private final ScriptedBackend scripted = new ScriptedBackend("scripted",
            new ModelInfo("s-default", "Scripted default", "scripted", List.of("s-alias")),
            new ModelInfo("s-other", "Scripted other", "scripted", List.of()),
            new ModelInfo("s-off", "Scripted off", "scripted", List.of()).unavailable("s-off has no key"));
    private final PerModelBackend perModel = new PerModelBackend("per-model")
            .model("p-think", (request, sink, cancel) -> {
                sink.accepted();
                sink.reasoning("Let me think. ");
                sink.reasoning("Done.");
                sink.delta("The answer");
                return new BackendResult("length", null, null);
            })
            .model("p-down", PerModelBackend.fails(ErrorType.UNREACHABLE, "p-down is down"))
            .model("p-up", PerModelBackend.answers("up and running"));
    private AcpTestClient client;

    private AcpTestClient start(Map<String, String> env) throws Exception {
        client = AcpTestClient.initialized(List.of(scripted, perModel), env);
        return client;
    }

    @AfterEach
    void stop() throws Exception {
        scripted.release();
        if (client != null) {
            client.close();
        }
    }

    @Test
    void initializeAnswersTheOneVersionItSpeaksAndRefusesAMissingVersion() throws Exception {
        client = new AcpTestClient(List.of(scripted), Map.of());
        JsonObject result = client.result(client.request("initialize", "{\"protocolVersion\":7,\"clientCapabilities\":{}}"));
        assertEquals(1, result.get("protocolVersion").getAsInt());
        assertFalse(result.getAsJsonObject("agentCapabilities").get("loadSession").getAsBoolean());
        JsonObject error = client.error(client.request("initialize", "{}"));
        assertEquals(-32602, error.get("code").getAsInt());
        assertEquals("invalid_request", error.getAsJsonObject("data").get("type").getAsString());
        assertTrue(error.getAsJsonObject("data").get("message").getAsString().contains("protocolVersion"));
    }

    @Test
    void promptStreamsMessageChunksThatAddUpToTheAnswer() throws Exception {
        start(Map.of());
        String session = client.newSession();
        JsonObject[] response = new JsonObject[1];
        int id = client.request("session/prompt", prompt(session, "echo:one two three"));
        List<JsonObject> updates = client.updatesUntil(id, session, response);
        assertEquals(List.of("one", " two", " three"), texts(updates, "agent_message_chunk"));
        assertEquals("end_turn", stopReason(response[0]));
        assertEquals("s-default", scripted.requests.peek().model());
    }

    @Test
    void aFollowUpSendsTheConversationSoFar() throws Exception {
        start(Map.of());
        String session = client.newSession();
        client.result(client.request("session/prompt", prompt(session, "echo:first answer")));
        client.result(client.request("session/prompt", prompt(session, "echo:second")));
        BackendRequest second = scripted.requests.stream().skip(1).findFirst().orElseThrow();
        assertEquals(List.of("user:echo:first answer", "assistant:first answer", "user:echo:second"),
                second.messages().stream().map(m -> m.role + ":" + m.content).collect(Collectors.toList()));
    }

    @Test
    void reasoningBecomesThoughtChunksAndATokenLimitMaxTokens() throws Exception {
        start(Map.of());
        String session = client.newSession();
        client.result(client.request("session/set_config_option", "{\"sessionId\":\"" + session
                + "\",\"configId\":\"model\",\"value\":\"p-think\"}"));
        JsonObject[] response = new JsonObject[1];
        List<JsonObject> updates = client.updatesUntil(client.request("session/prompt", prompt(session, "why?")),
                session, response);
        assertEquals(List.of("Let me think. ", "Done."), texts(updates, "agent_thought_chunk"));
        assertEquals(List.of("The answer"), texts(updates, "agent_message_chunk"));
        assertEquals("max_tokens", stopReason(response[0]));
    }

    @Test
    void cancelAnswersCancelledAtOnceAbortsTheUpstreamAndKeepsThePartialAnswer() throws Exception {
        start(Map.of());
        String session = client.newSession();
        int id = client.request("session/prompt", prompt(session, "hold:partial text"));
        client.next(m -> m.has("method") && m.toString().contains("\"text\":\" text\""));
        client.notify("session/cancel", "{\"sessionId\":\"" + session + "\"}");
        assertEquals("cancelled", stopReason(client.response(id)));
        Await.until(() -> scripted.aborts.get() == 1, Duration.ofSeconds(10), "the upstream call to be aborted");
        client.result(client.request("session/prompt", prompt(session, "echo:next")));
        BackendRequest next = scripted.requests.stream().skip(1).findFirst().orElseThrow();
        assertEquals(new ChatMessage(ChatMessage.ASSISTANT, "partial text").content, next.messages().get(1).content);
    }

    @Test
    void theRequestLevelCancelOfAcpCancelsAPromptToo() throws Exception {
        start(Map.of());
        String session = client.newSession();
        int id = client.request("session/prompt", prompt(session, "hold:waiting"));
        client.next(m -> m.has("method") && m.toString().contains("waiting"));
        client.notify("$/cancel_request", "{\"requestId\":" + id + "}");
        assertEquals("cancelled", stopReason(client.response(id)));
        Await.until(() -> scripted.aborts.get() == 1, Duration.ofSeconds(10), "the upstream call to be aborted");
    }

    @Test
    void aFailureCarriesTheContractDataAndTheServerGoesOn() throws Exception {
        start(Map.of());
        String session = client.newSession();
        JsonObject error = client.error(client.request("session/prompt", prompt(session, "partial:so far|upstream_error")));
        assertEquals(ErrorType.UPSTREAM_ERROR.code(), error.get("code").getAsInt());
        JsonObject data = error.getAsJsonObject("data");
        assertEquals("upstream_error", data.get("type").getAsString());
        assertEquals("scripted hint", data.get("hint").getAsString());
        assertTrue(data.get("retryable").getAsBoolean());
        assertEquals("so far", data.get("partialText").getAsString());
        assertEquals("end_turn", stopReason(client.response(client.request("session/prompt", prompt(session, "echo:ok")))));
    }

    @Test
    void fallbackIsToldAsAThoughtAndTheFallbackModelAnswers() throws Exception {
        start(Map.of("CHAT_SIDECAR_FALLBACK", "p-up"));
        String session = client.newSession();
        client.result(client.request("session/set_config_option", "{\"sessionId\":\"" + session
                + "\",\"configId\":\"model\",\"value\":\"p-down\"}"));
        JsonObject[] response = new JsonObject[1];
        List<JsonObject> updates = client.updatesUntil(client.request("session/prompt", prompt(session, "hi")),
                session, response);
        assertEquals("up and running", String.join("", texts(updates, "agent_message_chunk")));
        assertTrue(texts(updates, "agent_thought_chunk").get(0).contains("falling back to p-up"));
        assertEquals(List.of("p-down", "p-up"), List.copyOf(perModel.calls));
    }

    @Test
    void aClientThatShowsNoticesGetsFallbackAsAWarningNotice() throws Exception {
        client = new AcpTestClient(List.of(scripted, perModel), Map.of("CHAT_SIDECAR_FALLBACK", "p-up"));
        client.result(client.request("initialize",
                "{\"protocolVersion\":1,\"clientCapabilities\":{\"session\":{\"notices\":{}}}}"));
        String session = client.newSession();
        client.result(client.request("session/set_config_option", "{\"sessionId\":\"" + session
                + "\",\"configId\":\"model\",\"value\":\"p-down\"}"));
        JsonObject[] response = new JsonObject[1];
        List<JsonObject> updates = client.updatesUntil(client.request("session/prompt", prompt(session, "hi")),
                session, response);
        JsonObject notice = updates.stream().filter(u -> "notice".equals(u.get("sessionUpdate").getAsString()))
                .findFirst().orElseThrow();
        assertEquals("warning", notice.get("severity").getAsString());
        assertTrue(notice.get("title").getAsString().contains("falling back to p-up"));
        assertTrue(texts(updates, "agent_thought_chunk").isEmpty());
    }

    @Test
    void modelSelectionTakesIdsAndAliasesAndExplainsWhatItRefuses() throws Exception {
        start(Map.of());
        JsonObject created = client.result(client.request("session/new", "{\"cwd\":\"/tmp\",\"mcpServers\":[]}"));
        String session = created.get("sessionId").getAsString();
        JsonObject option = created.getAsJsonArray("configOptions").get(0).getAsJsonObject();
        assertEquals("s-default", option.get("currentValue").getAsString());
        assertTrue(option.toString().contains("unavailable: s-off has no key"), option.toString());
        JsonObject set = client.result(client.request("session/set_config_option", "{\"sessionId\":\"" + session
                + "\",\"configId\":\"model\",\"value\":\"s-alias\"}"));
        assertEquals("s-default", set.getAsJsonArray("configOptions").get(0).getAsJsonObject().get("currentValue").getAsString());
        JsonObject off = client.error(client.request("session/set_config_option", "{\"sessionId\":\"" + session
                + "\",\"configId\":\"model\",\"value\":\"s-off\"}"));
        assertTrue(off.getAsJsonObject("data").get("message").getAsString().contains("unavailable: s-off has no key"));
        JsonObject unknownOption = client.error(client.request("session/set_config_option", "{\"sessionId\":\"" + session
                + "\",\"configId\":\"mode\",\"value\":\"x\"}"));
        assertEquals(-32602, unknownOption.get("code").getAsInt());
    }

    @Test
    void oneTurnAtATimePerSessionAndClosedSessionsAreForgotten() throws Exception {
        start(Map.of());
        String session = client.newSession();
        int held = client.request("session/prompt", prompt(session, "hold:busy"));
        client.next(m -> m.has("method") && m.toString().contains("busy"));
        JsonObject busy = client.error(client.request("session/prompt", prompt(session, "echo:too")));
        assertTrue(busy.get("message").getAsString().contains("already running"));
        client.result(client.request("session/close", "{\"sessionId\":\"" + session + "\"}"));
        assertEquals("cancelled", stopReason(client.response(held)));
        JsonObject gone = client.error(client.request("session/prompt", prompt(session, "echo:hello")));
        assertTrue(gone.getAsJsonObject("data").get("message").getAsString().contains("unknown sessionId"));
    }

    @Test
    void malformedLinesAreAnsweredPerJsonRpcAndReadingGoesOn() throws Exception {
        start(Map.of());
        client.sendLine("this is not json");
        assertEquals(-32700, nullIdError().get("code").getAsInt());
        client.sendLine("[{\"jsonrpc\":\"2.0\",\"id\":50,\"method\":\"initialize\"}]");
        assertEquals(-32600, nullIdError().get("code").getAsInt());
        client.sendLine("{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"session/new\"}");
        assertEquals(-32600, nullIdError().get("code").getAsInt());
        client.sendLine("{\"id\":51,\"method\":\"session/new\",\"params\":{}}");
        assertEquals(-32600, client.error(51).get("code").getAsInt());
        client.sendLine("{\"jsonrpc\":\"2.0\",\"id\":52,\"method\":\"session/new\",\"params\":5}");
        assertEquals(-32602, client.error(52).get("code").getAsInt());
        assertEquals(-32601, client.error(client.request("session/load", "{}")).get("code").getAsInt());
        assertTrue(client.newSession().startsWith("sess_"));
    }

    @Test
    void endOfInputAbortsRunningPromptsAndExitsWithZero() throws Exception {
        start(Map.of());
        String session = client.newSession();
        client.request("session/prompt", prompt(session, "hold:forever"));
        client.next(m -> m.has("method") && m.toString().contains("forever"));
        assertEquals(0, client.endInput());
        Await.until(() -> scripted.aborts.get() == 1, Duration.ofSeconds(10), "the upstream call to be aborted");
    }

    private JsonObject nullIdError() {
        return client.next(m -> m.has("id") && m.get("id").isJsonNull()).getAsJsonObject("error");
    }

    private static List<String> texts(List<JsonObject> updates, String kind) {
        return updates.stream().filter(u -> kind.equals(u.get("sessionUpdate").getAsString()))
                .map(u -> u.getAsJsonObject("content").get("text").getAsString()).collect(Collectors.toList());
    }
}
