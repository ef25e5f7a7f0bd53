package dev.chatsidecar.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.chatsidecar.server.testing.InProcessServer;
import dev.chatsidecar.server.testing.ScriptedBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamingTest {

    private static String complete(String prompt, String token, String extra) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]"
                + (token == null ? "" : ",\"workDoneToken\":\"" + token + "\"") + extra + "}";
    }

    @Test
    void streamsBeginReportsEndThenTheResultWithExactFrames() {
        try (InProcessServer s = new InProcessServer(List.of(ScriptedBackend.standard()))) {
            s.client.initialize(null);
            int before = s.client.rawFrames().size();
            int id = s.client.request("chat/complete", complete("echo:Hello big world", "t1", ""));
            JsonObject response = s.client.response(id);
            List<String> frames = s.client.rawFrames().subList(before, s.client.rawFrames().size());
            assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"$/progress\",\"params\":{\"token\":\"t1\",\"value\":"
                    + "{\"kind\":\"begin\",\"title\":\"chat\",\"model\":\"s-default\"}}}", frames.get(0));
            String last = frames.get(frames.size() - 2);
            assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"$/progress\",\"params\":{\"token\":\"t1\",\"value\":"
                    + "{\"kind\":\"end\",\"finishReason\":\"stop\"}}}", last);
            List<JsonObject> values = s.client.progress("t1");
            StringBuilder text = new StringBuilder();
            long seq = 0;
            for (JsonObject value : values.subList(1, values.size() - 1)) {
                assertEquals("report", value.get("kind").getAsString());
                assertEquals(++seq, value.get("seq").getAsLong());
                text.append(value.get("delta").getAsString());
            }
            assertTrue(seq >= 1);
            assertEquals("Hello big world", text.toString());
            JsonObject result = response.getAsJsonObject("result");
            assertEquals("Hello big world", result.get("text").getAsString());
            assertEquals("s-default", result.get("model").getAsString());
            assertEquals("stop", result.get("finishReason").getAsString());
            assertTrue(result.getAsJsonObject("timings").get("totalMs").getAsLong() >= 0);
            assertTrue(result.getAsJsonObject("timings").has("firstTokenMs"));
        }
    }

    @Test
    void aTokenIsFreeAgainAsSoonAsItsResponseArrived() {
        try (InProcessServer s = new InProcessServer(List.of(ScriptedBackend.standard()))) {
            s.client.initialize(null);
            for (int i = 0; i < 50; i++) {
                JsonObject response = s.client.response(s.client.request("chat/complete", complete("echo:again " + i, "same", "")));
                assertTrue(response.has("result"), "round " + i + ": " + response);
            }
        }
    }

    @Test
    void numericTokensAreEchoedAsNumbers() {
        try (InProcessServer s = new InProcessServer(List.of(ScriptedBackend.standard()))) {
            s.client.initialize(null);
            s.client.response(s.client.request("chat/complete",
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"echo:hi\"}],\"workDoneToken\":42}"));
            assertTrue(s.client.rawFrames().stream().anyMatch(f -> f.contains("\"token\":42,")));
        }
    }

    @Test
    void withoutATokenNothingIsStreamed() {
        try (InProcessServer s = new InProcessServer(List.of(ScriptedBackend.standard()))) {
            s.client.initialize(null);
            JsonObject response = s.client.response(s.client.request("chat/complete", complete("echo:quiet please", null, "")));
            assertEquals("quiet please", response.getAsJsonObject("result").get("text").getAsString());
            assertFalse(s.client.rawFrames().stream().anyMatch(f -> f.contains("$/progress")));
        }
    }

    @Test
    void aliasesResolveTheResolvedIdIsReportedAndAnUnknownModelIsRefusedBeforeBegin() {
        try (InProcessServer s = new InProcessServer(List.of(ScriptedBackend.standard()))) {
            s.client.initialize(null);
            JsonObject viaAlias = s.client.response(s.client.request("chat/complete",
                    complete("echo:a", "a", ",\"model\":\"s-alias\""))).getAsJsonObject("result");
            assertEquals("s-default", viaAlias.get("model").getAsString());
            JsonObject other = s.client.response(s.client.request("chat/complete",
                    complete("echo:b", "b", ",\"model\":\"s-other\""))).getAsJsonObject("result");
            assertEquals("s-other", other.get("model").getAsString());
            JsonObject unknown = s.client.response(s.client.request("chat/complete",
                    complete("echo:c", "c", ",\"model\":\"no-such-model\""))).getAsJsonObject("error");
            assertEquals("invalid_request", unknown.getAsJsonObject("data").get("type").getAsString());
            assertTrue(s.client.progress("c").isEmpty(), "no begin for a model the backend does not have");
            assertEquals("s-other", s.client.progress("b").get(0).get("model").getAsString());
        }
    }

    @Test
    void aFailureAfterTextSendsEndErrorBeforeTheErrorAndKeepsThePartialText() {
        try (InProcessServer s = new InProcessServer(List.of(ScriptedBackend.standard()))) {
            s.client.initialize(null);
            int id = s.client.request("chat/complete", complete("partial:Half an answer|upstream_error", "p", ""));
            JsonObject error = s.client.response(id).getAsJsonObject("error");
            assertEquals(-32015, error.get("code").getAsInt());
            JsonObject data = error.getAsJsonObject("data");
            assertEquals("upstream_error", data.get("type").getAsString());
            assertEquals("Half an answer", data.get("partialText").getAsString());
            List<JsonObject> values = s.client.progress("p");
            assertEquals("end", values.get(values.size() - 1).get("kind").getAsString());
            assertEquals("error", values.get(values.size() - 1).get("finishReason").getAsString());
            assertEquals(1, values.stream().filter(v -> v.get("kind").getAsString().equals("begin")).count());
        }
    }

    @Test
    void aFailureBeforeAcceptanceStillSendsOneBeginAndOneEnd() {
        try (InProcessServer s = new InProcessServer(List.of(ScriptedBackend.standard()))) {
            s.client.initialize(null);
            JsonObject error = s.client.response(s.client.request("chat/complete", complete("fail:rate_limited", "r", "")))
                    .getAsJsonObject("error");
            assertEquals(-32012, error.get("code").getAsInt());
            assertEquals(503, error.getAsJsonObject("data").get("httpStatus").getAsInt());
            assertFalse(error.getAsJsonObject("data").has("partialText"));
            List<JsonObject> values = s.client.progress("r");
            assertEquals(2, values.size());
            assertEquals("begin", values.get(0).get("kind").getAsString());
            assertEquals("s-default", values.get(0).get("model").getAsString());
            assertEquals("error", values.get(1).get("finishReason").getAsString());
        }
    }

    @Test
    void aBackendBugIsAnInternalErrorAndTheServerKeepsServing() {
        try (InProcessServer s = new InProcessServer(List.of(ScriptedBackend.standard()))) {
            s.client.initialize(null);
            JsonObject error = s.client.response(s.client.request("chat/complete", complete("bug", "x", "")))
                    .getAsJsonObject("error");
            assertEquals(-32603, error.get("code").getAsInt());
            assertEquals("internal", error.getAsJsonObject("data").get("type").getAsString());
            JsonObject ok = s.client.response(s.client.request("chat/complete", complete("echo:fine", "y", "")));
            assertEquals("fine", ok.getAsJsonObject("result").get("text").getAsString());
        }
    }

    @Test
    void modelsListsEveryModelWithExplicitNullReason() {
        try (InProcessServer s = new InProcessServer(List.of(ScriptedBackend.standard()))) {
            s.client.initialize(null);
            int id = s.client.request("chat/models", "{}");
            s.client.response(id);
            String raw = s.client.rawFrames().stream().filter(f -> f.contains("\"id\":" + id + ",")).findFirst().orElseThrow();
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"models\":["
                    + "{\"id\":\"s-default\",\"label\":\"Scripted default\",\"provider\":\"scripted\",\"aliases\":[\"s-alias\"],"
                    + "\"isDefault\":true,\"available\":true,\"unavailableReason\":null,\"status\":\"unchecked\"},"
                    + "{\"id\":\"s-other\",\"label\":\"Scripted other\",\"provider\":\"scripted\",\"aliases\":[],"
                    + "\"isDefault\":false,\"available\":true,\"unavailableReason\":null,\"status\":\"unchecked\"}],\"defaultModel\":\"s-default\"}}", raw);
        }
    }

    @Test
    void defaultModelSettingChangesTheDefault() {
        try (InProcessServer s = new InProcessServer(List.of(ScriptedBackend.standard()))) {
            s.client.initialize("{\"defaultModel\":\"s-other\"}");
            JsonObject result = s.client.response(s.client.request("chat/complete", complete("echo:x", null, "")))
                    .getAsJsonObject("result");
            assertEquals("s-other", result.get("model").getAsString());
        }
    }
}
