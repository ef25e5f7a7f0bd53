package dev.chatsidecar.server.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.chatsidecar.server.local.LocalChatBackend;
import dev.chatsidecar.server.testing.InProcessServer;
import dev.chatsidecar.server.testing.SharedFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The OpenAI-compatible backend behind chat/models and chat/complete, beside the embedded model. */
class OpenAiRpcTest {
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(options().dynamicPort().bindAddress("127.0.0.1")).build();

    @BeforeEach
    void reset() {
        server.stubFor(get(urlEqualTo("/v1/models")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(OpenAiModelsTest.OLLAMA_TAGS)));
    }

    private InProcessServer sidecar() {
        return new InProcessServer(List.of(new OpenAiBackend(), new LocalChatBackend()),
                Map.of("OPENAI_BASE_URL", "http://127.0.0.1:" + server.getPort() + "/v1",
                        "CHAT_SIDECAR_LOCAL_MODEL", SharedFiles.storiesModel().toString(),
                        "CHAT_SIDECAR_FALLBACK", "local/stories260K"), null);
    }

    @Test
    void modelsOfBothBackendsAreListedAndAnOpenAiAnswerStreamsThroughTheSamePath() {
        server.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(OpenAiStreamTest.resource("ollama-length.sse"))));
        try (InProcessServer s = sidecar()) {
            s.client.initialize("{\"local\":{\"contextSize\":512}}");
            JsonObject models = s.client.response(s.client.request("chat/models", "{}")).getAsJsonObject("result");
            JsonArray list = models.getAsJsonArray("models");
            assertEquals(List.of("openai/llama3.2:1b", "openai/qwen2.5-coder:7b", "local/stories260K"),
                    list.asList().stream().map(m -> m.getAsJsonObject().get("id").getAsString()).toList());
            assertTrue(list.asList().stream().allMatch(m -> m.getAsJsonObject().get("available").getAsBoolean()));

            JsonObject result = s.client.response(s.client.request("chat/complete",
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"Why is the sky blue?\"}],"
                            + "\"model\":\"openai/llama3.2:1b\",\"workDoneToken\":\"o\"}")).getAsJsonObject("result");
            String expected = OpenAiStreamTest.resource("ollama-length.txt");
            assertEquals(expected, result.get("text").getAsString());
            assertEquals("openai/llama3.2:1b", result.get("model").getAsString());
            assertEquals("length", result.get("finishReason").getAsString());
            assertEquals(39, result.getAsJsonObject("usage").get("totalTokens").getAsInt());
            List<JsonObject> progress = s.client.progress("o");
            assertEquals("openai/llama3.2:1b", progress.get(0).get("model").getAsString());
            StringBuilder streamed = new StringBuilder();
            progress.subList(1, progress.size() - 1).forEach(v -> streamed.append(v.get("delta").getAsString()));
            assertEquals(expected, streamed.toString());
            assertEquals("length", progress.get(progress.size() - 1).get("finishReason").getAsString());
        }
    }

    @Test
    void aRateLimitedServerFallsBackToTheEmbeddedModel() {
        server.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "20").withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Too many requests\",\"type\":\"rate_limit\"}}")));
        try (InProcessServer s = sidecar()) {
            s.client.initialize("{\"local\":{\"contextSize\":512}}");
            JsonObject result = s.client.response(s.client.request("chat/complete",
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"Once upon a time\"}],\"workDoneToken\":\"f\","
                            + "\"options\":{\"maxTokens\":16,\"temperature\":0}}")).getAsJsonObject("result");
            assertEquals("local/stories260K", result.get("model").getAsString());
            JsonObject attempt = result.getAsJsonArray("attempts").get(0).getAsJsonObject();
            assertEquals("openai/llama3.2:1b", attempt.get("model").getAsString(), "the default is the first listed");
            assertEquals("rate_limited", attempt.get("type").getAsString());
            assertFalse(result.get("text").getAsString().isEmpty());
            assertEquals("local/stories260K", s.client.progress("f").get(0).get("model").getAsString());
        }
    }
}
