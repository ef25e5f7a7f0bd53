package dev.chatsidecar.server.chat;

import static dev.chatsidecar.server.testing.PerModelBackend.acceptsThenFails;
import static dev.chatsidecar.server.testing.PerModelBackend.answers;
import static dev.chatsidecar.server.testing.PerModelBackend.fails;
import static dev.chatsidecar.server.testing.PerModelBackend.streamsThenFails;
import static dev.chatsidecar.server.testing.PerModelBackend.waitsForCancel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.testing.InProcessServer;
import dev.chatsidecar.server.testing.PerModelBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The fallback chain, end to end over JSON-RPC, with backends scripted per model. */
class FallbackTest {

    private static String ask(String model, String token) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]" + (model == null ? "" : ",\"model\":\"" + model + "\"")
                + (token == null ? "" : ",\"workDoneToken\":\"" + token + "\"") + "}";
    }

    private static InProcessServer server(PerModelBackend backend, String fallback) {
        return new InProcessServer(List.of(backend), Map.of("CHAT_SIDECAR_FALLBACK", fallback), null);
    }

    private static List<String> logMessages(InProcessServer s) {
        List<String> lines = new ArrayList<>();
        for (JsonObject frame : s.client.seen()) {
            if (frame.has("method") && frame.get("method").getAsString().equals("window/logMessage")) {
                assertEquals(2, frame.getAsJsonObject("params").get("type").getAsInt(), "sent as a warning");
                lines.add(frame.getAsJsonObject("params").get("message").getAsString());
            }
        }
        return lines;
    }

    private static String streamedText(List<JsonObject> progress) {
        StringBuilder text = new StringBuilder();
        long seq = 0;
        for (JsonObject value : progress.subList(1, progress.size() - 1)) {
            assertEquals(++seq, value.get("seq").getAsLong());
            text.append(value.get("delta").getAsString());
        }
        return text.toString();
    }

    @ParameterizedTest
    @EnumSource(value = ErrorType.class, names = {"UNREACHABLE", "BLOCKED", "CHALLENGE_REQUIRED", "RATE_LIMITED"})
    void eachFallbackTypeMovesToTheNextModel(ErrorType type) {
        PerModelBackend backend = new PerModelBackend("p")
                .model("first", fails(type, "first is down"))
                .model("second", answers("Hello from second"));
        try (InProcessServer s = server(backend, "second")) {
            s.client.initialize(null);
            JsonObject result = s.client.response(s.client.request("chat/complete", ask("first", "t")))
                    .getAsJsonObject("result");
            assertEquals("second", result.get("model").getAsString());
            assertEquals("Hello from second", result.get("text").getAsString());
            JsonArray attempts = result.getAsJsonArray("attempts");
            assertEquals(1, attempts.size());
            JsonObject attempt = attempts.get(0).getAsJsonObject();
            assertEquals("first", attempt.get("model").getAsString());
            assertEquals(type.wireName(), attempt.get("type").getAsString());
            assertEquals("first is down", attempt.get("message").getAsString());

            List<JsonObject> progress = s.client.progress("t");
            assertEquals("begin", progress.get(0).get("kind").getAsString());
            assertEquals("second", progress.get(0).get("model").getAsString(), "begin names the model that answers");
            assertEquals(1, progress.stream().filter(v -> v.get("kind").getAsString().equals("begin")).count());
            assertEquals("Hello from second", streamedText(progress));
            assertEquals("stop", progress.get(progress.size() - 1).get("finishReason").getAsString());
            assertEquals(List.of("Model first failed (" + type.wireName() + ": first is down); falling back to second."),
                    logMessages(s));
            assertEquals(List.of("first", "second"), new ArrayList<>(backend.calls));
        }
    }

    @ParameterizedTest
    @EnumSource(value = ErrorType.class, names = {"UNAUTHORIZED", "UPSTREAM_ERROR", "PROTOCOL_ERROR", "INVALID_REQUEST"})
    void otherFailuresEndTheRequestWithoutFallback(ErrorType type) {
        PerModelBackend backend = new PerModelBackend("p")
                .model("first", fails(type, "first refused"))
                .model("second", answers("never"));
        try (InProcessServer s = server(backend, "second")) {
            s.client.initialize(null);
            JsonObject error = s.client.response(s.client.request("chat/complete", ask("first", "t")))
                    .getAsJsonObject("error");
            assertEquals(type.code(), error.get("code").getAsInt());
            assertEquals(type.wireName(), error.getAsJsonObject("data").get("type").getAsString());
            assertEquals(List.of("first"), new ArrayList<>(backend.calls));
            List<JsonObject> progress = s.client.progress("t");
            assertEquals("first", progress.get(0).get("model").getAsString());
            assertEquals("error", progress.get(progress.size() - 1).get("finishReason").getAsString());
            assertTrue(logMessages(s).isEmpty());
        }
    }

    @Test
    void noFallbackOnceTextWasStreamedAndThePartialTextIsKept() {
        PerModelBackend backend = new PerModelBackend("p")
                .model("first", streamsThenFails("Half an ans", ErrorType.UNREACHABLE))
                .model("second", answers("never"));
        try (InProcessServer s = server(backend, "second")) {
            s.client.initialize(null);
            JsonObject data = s.client.response(s.client.request("chat/complete", ask("first", "t")))
                    .getAsJsonObject("error").getAsJsonObject("data");
            assertEquals("unreachable", data.get("type").getAsString());
            assertEquals("Half an ans", data.get("partialText").getAsString());
            assertEquals(List.of("first"), new ArrayList<>(backend.calls));
        }
    }

    @Test
    void noFallbackOnceBeginNamedTheModel() {
        PerModelBackend backend = new PerModelBackend("p")
                .model("first", acceptsThenFails(ErrorType.RATE_LIMITED))
                .model("second", answers("never"));
        try (InProcessServer s = server(backend, "second")) {
            s.client.initialize(null);
            JsonObject error = s.client.response(s.client.request("chat/complete", ask("first", "t")))
                    .getAsJsonObject("error");
            assertEquals("rate_limited", error.getAsJsonObject("data").get("type").getAsString());
            List<JsonObject> progress = s.client.progress("t");
            assertEquals(2, progress.size(), "begin and end only: " + progress);
            assertEquals("first", progress.get(0).get("model").getAsString());
            assertEquals(List.of("first"), new ArrayList<>(backend.calls));
        }
    }

    @Test
    void aLongChainSkipsUnknownAndRepeatedModelsAndListsEveryAttemptInOrder() {
        PerModelBackend backend = new PerModelBackend("p")
                .model("first", fails(ErrorType.UNREACHABLE, "no route"))
                .model("second", fails(ErrorType.RATE_LIMITED, "too many"))
                .model("third", answers("third speaks"));
        try (InProcessServer s = server(backend, "nonexistent, first, second, second ,third")) {
            s.client.initialize(null);
            JsonObject result = s.client.response(s.client.request("chat/complete", ask("first", null)))
                    .getAsJsonObject("result");
            assertEquals("third", result.get("model").getAsString());
            JsonArray attempts = result.getAsJsonArray("attempts");
            assertEquals(2, attempts.size());
            assertEquals("first", attempts.get(0).getAsJsonObject().get("model").getAsString());
            assertEquals("second", attempts.get(1).getAsJsonObject().get("model").getAsString());
            assertEquals("rate_limited", attempts.get(1).getAsJsonObject().get("type").getAsString());
            assertEquals(List.of("first", "second", "third"), new ArrayList<>(backend.calls));
            assertEquals(2, logMessages(s).size());
        }
    }

    @Test
    void whenEveryModelFailsTheLastErrorIsReturnedAndBeginNamesTheLastModelTried() {
        PerModelBackend backend = new PerModelBackend("p")
                .model("first", fails(ErrorType.UNREACHABLE, "no route"))
                .model("second", fails(ErrorType.RATE_LIMITED, "too many"));
        try (InProcessServer s = server(backend, "second")) {
            s.client.initialize(null);
            JsonObject data = s.client.response(s.client.request("chat/complete", ask("first", "t")))
                    .getAsJsonObject("error").getAsJsonObject("data");
            assertEquals("rate_limited", data.get("type").getAsString());
            assertEquals("too many", data.get("message").getAsString());
            assertEquals(429, data.get("httpStatus").getAsInt());
            assertEquals(1000, data.get("retryAfterMs").getAsLong());
            List<JsonObject> progress = s.client.progress("t");
            assertEquals(List.of("begin", "end"), progress.stream().map(v -> v.get("kind").getAsString()).toList());
            assertEquals("second", progress.get(0).get("model").getAsString());
            assertEquals("error", progress.get(1).get("finishReason").getAsString());
        }
    }

    @Test
    void theDefaultModelFallsBackToo() {
        PerModelBackend backend = new PerModelBackend("p")
                .model("first", fails(ErrorType.CHALLENGE_REQUIRED, "Turnstile required"))
                .model("second", answers("fallback answer"));
        try (InProcessServer s = server(backend, "second")) {
            s.client.initialize(null);
            JsonObject result = s.client.response(s.client.request("chat/complete", ask(null, null)))
                    .getAsJsonObject("result");
            assertEquals("second", result.get("model").getAsString());
            assertEquals("first", result.getAsJsonArray("attempts").get(0).getAsJsonObject().get("model").getAsString());
        }
    }

    @Test
    void fallbackFromInitializationOptionsWinsOverTheEnvironment() {
        PerModelBackend backend = new PerModelBackend("p")
                .model("first", fails(ErrorType.UNREACHABLE, "down"))
                .model("second", answers("from second"))
                .model("third", answers("from third"));
        try (InProcessServer s = server(backend, "second")) {
            s.client.initialize("{\"fallback\":[\"third\"]}");
            JsonObject result = s.client.response(s.client.request("chat/complete", ask("first", null)))
                    .getAsJsonObject("result");
            assertEquals("third", result.get("model").getAsString());
        }
    }

    @Test
    void withoutAFallbackSettingTheFirstFailureIsTheAnswer() {
        PerModelBackend backend = new PerModelBackend("p")
                .model("first", fails(ErrorType.UNREACHABLE, "down"))
                .model("second", answers("never"));
        try (InProcessServer s = new InProcessServer(List.of(backend))) {
            s.client.initialize(null);
            JsonObject error = s.client.response(s.client.request("chat/complete", ask("first", null)))
                    .getAsJsonObject("error");
            assertEquals("unreachable", error.getAsJsonObject("data").get("type").getAsString());
            assertEquals(List.of("first"), new ArrayList<>(backend.calls));
        }
    }

    @Test
    void aSuccessfulFirstModelReportsNoAttempts() {
        PerModelBackend backend = new PerModelBackend("p").model("first", answers("direct")).model("second", answers("x"));
        try (InProcessServer s = server(backend, "second")) {
            s.client.initialize(null);
            JsonObject result = s.client.response(s.client.request("chat/complete", ask("first", null)))
                    .getAsJsonObject("result");
            assertTrue(!result.has("attempts") || result.getAsJsonArray("attempts").isEmpty());
            assertTrue(logMessages(s).isEmpty());
        }
    }

    @Test
    void cancelDuringAFallbackAttemptCancelsTheWholeRequest() throws Exception {
        CountDownLatch secondWaiting = new CountDownLatch(1);
        PerModelBackend backend = new PerModelBackend("p")
                .model("first", fails(ErrorType.UNREACHABLE, "down"))
                .model("second", waitsForCancel(secondWaiting))
                .model("third", answers("never"));
        try (InProcessServer s = server(backend, "second,third")) {
            s.client.initialize(null);
            int id = s.client.request("chat/complete", ask("first", "t"));
            assertTrue(secondWaiting.await(10, TimeUnit.SECONDS));
            s.client.notify("window/workDoneProgress/cancel", "{\"token\":\"t\"}");
            JsonObject error = s.client.response(id).getAsJsonObject("error");
            assertEquals(-32800, error.get("code").getAsInt());
            assertEquals("", error.getAsJsonObject("data").get("partialText").getAsString());
            assertEquals(List.of("first", "second"), new ArrayList<>(backend.calls), "third was never tried");
            List<JsonObject> progress = s.client.progress("t");
            assertEquals("second", progress.get(0).get("model").getAsString());
            assertEquals("cancelled", progress.get(progress.size() - 1).get("finishReason").getAsString());
            assertFalse(progress.stream().anyMatch(v -> v.get("kind").getAsString().equals("report")));
        }
    }
}
