package dev.chatsidecar.server.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.gson.JsonObject;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.backend.ChatBackend;
import dev.chatsidecar.server.chatgpt.ChatGptBackend;
import dev.chatsidecar.server.chatgpt.ChatGptOptions;
import dev.chatsidecar.server.local.LocalChatBackend;
import dev.chatsidecar.server.openai.OpenAiBackend;
import dev.chatsidecar.server.testing.ServedSidecar;
import dev.chatsidecar.server.testing.SharedFiles;
import dev.chatsidecar.server.testing.Tripwire;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: a request goes only to the backend its model id names. ChatGPT (and, where it is not
 * the one named, the OpenAI-compatible server) are {@link Tripwire}s: any contact fails the test.
 */
class RoutingTest {
    private Tripwire chatgpt;
    private WireMockServer openai;

    @BeforeEach
    void hosts() {
        chatgpt = new Tripwire("chatgpt.com");
        openai = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        openai.start();
        openai.stubFor(get("/v1/models").willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "application/json")
                .withBody("{\"object\":\"list\",\"data\":[{\"id\":\"llama-3-8b\"},{\"id\":\"qwen2.5-7b\"},"
                        + "{\"id\":\"does-exist\"}]}")));
    }

    @AfterEach
    void stop() {
        openai.stop();
        chatgpt.close();
    }

    private static List<ChatBackend> backends() {
        return List.of(new ChatGptBackend(new ChatGptOptions().deviceIdDir(null)), new OpenAiBackend(),
                new LocalChatBackend());
    }

    private ServedSidecar sidecar(String openAiBase, Map<String, String> env, String extraOptions) {
        return new ServedSidecar(backends(), "{\"chatgpt\":{\"baseUrl\":\"" + chatgpt.url() + "\"},"
                + "\"openai\":{\"baseUrl\":\"" + openAiBase + "\"}" + extraOptions + "}", env);
    }

    private String openAiBase() {
        return "http://127.0.0.1:" + openai.port() + "/v1";
    }

    private static Map<String, String> withLocalModel() {
        return Map.of("CHAT_SIDECAR_LOCAL_MODEL", SharedFiles.storiesModel().toString());
    }

    /** An invalid_request before begin: no progress at all, the id named, the hint listing that backend's ids. */
    private static JsonObject refusedBeforeBegin(ServedSidecar.Answer answer, String id) {
        JsonObject error = answer.error();
        JsonObject data = error.getAsJsonObject("data");
        assertEquals(ErrorType.INVALID_REQUEST.code(), error.get("code").getAsInt(), data.toString());
        assertEquals("invalid_request", data.get("type").getAsString());
        assertTrue(data.get("message").getAsString().contains("\"" + id + "\""), data.toString());
        assertEquals(List.of(), answer.progress(), "nothing streamed for a model the backend does not have");
        return data;
    }

    @Test
    void anUnknownLocalModelIsRefusedNamingTheLocalModelsAndNothingElseIsContacted() {
        try (ServedSidecar s = sidecar(openAiBase(), withLocalModel(), "")) {
            JsonObject data = refusedBeforeBegin(s.await(s.start("hi", "local/nothere")), "local/nothere");
            assertTrue(data.get("hint").getAsString().contains("local/stories260K"), data.toString());
        }
        assertEquals(0, openai.getAllServeEvents().size(), "the OpenAI-compatible server was contacted");
    }

    @Test
    void anUnknownOpenAiModelIsRefusedWithTheServersIdsClosestFirst() {
        try (ServedSidecar s = sidecar(openAiBase(), Map.of(), "")) {
            JsonObject data = refusedBeforeBegin(s.await(s.start("hi", "openai/does-not-exist")),
                    "openai/does-not-exist");
            String hint = data.get("hint").getAsString();
            assertTrue(hint.contains("Pick one of its models: openai/does-exist, "), hint);
            assertTrue(hint.contains("openai/llama-3-8b") && hint.contains("openai/qwen2.5-7b"), hint);
        }
    }

    @Test
    void withExplicitOpenAiModelsAnotherIdIsRefusedNamingItNotAnsweredByTheFirst() {
        try (Tripwire server = new Tripwire("the OpenAI-compatible server");
             ServedSidecar s = sidecar(server.url() + "/v1", Map.of(), ",\"openai.models\":[\"x\",\"y\"]")) {
            JsonObject data = refusedBeforeBegin(s.await(s.start("hi", "openai/zzz")), "openai/zzz");
            assertTrue(data.get("hint").getAsString().contains("openai/x, openai/y"), data.toString());
        }
    }

    @Test
    void theLocalModelWithoutAModelPathIsUnreachableOnTheLocalBackend() {
        try (ServedSidecar s = sidecar(openAiBase(), Map.of(), "")) {
            ServedSidecar.Answer answer = s.await(s.start("hi", "local/stories260K"));
            JsonObject data = answer.assertFailure(ErrorType.UNREACHABLE, null, "");
            assertTrue(data.get("message").getAsString().contains("local/stories260K"), data.toString());
            assertTrue(data.get("message").getAsString().contains("local.modelPath"), data.toString());
            assertEquals("local/stories260K", answer.progress().get(0).get("model").getAsString());
        }
    }

    @Test
    void aKnownOpenAiModelWhileItsServerIsDownIsUnreachableThere() throws Exception {
        String down;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            down = "http://127.0.0.1:" + closed.getLocalPort() + "/v1";
        }
        try (ServedSidecar s = sidecar(down, Map.of(), "")) {
            ServedSidecar.Answer answer = s.await(s.start("hi", "openai/llama-3-8b"));
            answer.assertFailure(ErrorType.UNREACHABLE, null, "");
            assertEquals("openai/llama-3-8b", answer.progress().get(0).get("model").getAsString());
        }
    }

    @Test
    void anIdOfNoBackendIsRefused() {
        try (ServedSidecar s = sidecar(openAiBase(), Map.of(), "")) {
            refusedBeforeBegin(s.await(s.start("hi", "mistral/large")), "mistral/large");
        }
    }

    @Test
    void anUnknownDefaultModelIsRefusedLikeAnUnknownRequestedOne() {
        try (ServedSidecar s = sidecar(openAiBase(), withLocalModel(), ",\"defaultModel\":\"local/gone\"")) {
            refusedBeforeBegin(s.await(s.start("hi", null)), "local/gone");
        }
    }

    @Test
    void onlyTheFallbackSettingMovesARequestToAnotherBackendAndItIsReported() {
        try (ServedSidecar s = sidecar(openAiBase(), withLocalModel(), ",\"fallback\":[\"openai/llama-3-8b\"]")) {
            openai.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/v1/chat/completions")
                    .willReturn(aResponse().withStatus(200).withHeader("content-type", "text/event-stream")
                            .withBody("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"from openai\"}}]}\n\n"
                                    + "data: [DONE]\n\n")));
            ServedSidecar.Answer answer = s.await(s.start("hi", "local/model-that-is-not-loaded-anywhere"));
            // an unknown id is the user's mistake, not an outage: no fallback
            refusedBeforeBegin(answer, "local/model-that-is-not-loaded-anywhere");
        }
        try (ServedSidecar s = sidecar(openAiBase(), Map.of(), ",\"fallback\":[\"openai/llama-3-8b\"]")) {
            openai.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/v1/chat/completions")
                    .willReturn(aResponse().withStatus(200).withHeader("content-type", "text/event-stream")
                            .withBody("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"from openai\"}}]}\n\n"
                                    + "data: [DONE]\n\n")));
            ServedSidecar.Answer answer = s.await(s.start("hi", "local/stories260K"));
            answer.assertAnswered("from openai");
            JsonObject attempt = answer.result().getAsJsonArray("attempts").get(0).getAsJsonObject();
            assertEquals("local/stories260K", attempt.get("model").getAsString());
            assertEquals("unreachable", attempt.get("type").getAsString());
            assertTrue(s.server.client.seen().stream().anyMatch(f -> "window/logMessage".equals(
                    f.has("method") ? f.get("method").getAsString() : null)), "fallback announced");
        }
    }
}
