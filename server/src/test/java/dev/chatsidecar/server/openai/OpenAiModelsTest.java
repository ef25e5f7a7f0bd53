package dev.chatsidecar.server.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.chatsidecar.protocol.ChatMessage;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.protocol.GenerationOptions;
import dev.chatsidecar.protocol.ModelInfo;
import dev.chatsidecar.server.backend.BackendRequest;
import dev.chatsidecar.server.http.HttpClientFactory;
import dev.chatsidecar.server.settings.Settings;
import dev.chatsidecar.server.testing.RecordingSink;
import dev.chatsidecar.server.testing.TestSettings;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code chat/models} for the OpenAI-compatible backend: fetched, cached, fixed, or unavailable with a reason. */
class OpenAiModelsTest {
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(options().dynamicPort().bindAddress("127.0.0.1")).build();
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final OpenAiBackend backend = new OpenAiBackend(new HttpClientFactory(), clock::get);

    static final String OLLAMA_TAGS = "{\"object\":\"list\",\"data\":[{\"id\":\"llama3.2:1b\",\"object\":\"model\","
            + "\"created\":1732500000,\"owned_by\":\"library\"},{\"id\":\"qwen2.5-coder:7b\",\"object\":\"model\","
            + "\"created\":1732400000,\"owned_by\":\"library\"}]}";

    private Settings settings() {
        return TestSettings.of("openai.baseUrl", "http://127.0.0.1:" + server.getPort() + "/v1");
    }

    private void listing(int status, String body) {
        server.stubFor(get(urlEqualTo("/v1/models")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    @Test
    void modelsAreFetchedPrefixedAndCachedForAMinute() {
        listing(200, OLLAMA_TAGS);
        List<ModelInfo> models = backend.models(settings());
        assertEquals(List.of("openai/llama3.2:1b", "openai/qwen2.5-coder:7b"), models.stream().map(m -> m.id).toList());
        ModelInfo first = models.get(0);
        assertEquals("openai", first.provider);
        assertTrue(first.available);
        assertNull(first.unavailableReason);
        assertEquals("llama3.2:1b (127.0.0.1:" + server.getPort() + ")", first.label);
        // no key configured: no Authorization header (Ollama and llama.cpp server need none)
        server.verify(1, getRequestedFor(urlEqualTo("/v1/models")).withHeader("Authorization", absent()));

        clock.addAndGet(OpenAiModelList.SUCCESS_TTL_MS - 1);
        backend.models(settings());
        server.verify(1, getRequestedFor(urlEqualTo("/v1/models")));
        clock.addAndGet(2);
        backend.models(settings());
        server.verify(2, getRequestedFor(urlEqualTo("/v1/models")));
    }

    @Test
    void theKeyIsSentWhenSet() {
        listing(200, OLLAMA_TAGS);
        backend.models(TestSettings.of("openai.baseUrl", "http://127.0.0.1:" + server.getPort() + "/v1", "openai.apiKey", "sk-abcdefgh12345678"));
        server.verify(getRequestedFor(urlEqualTo("/v1/models")).withHeader("Authorization",
                equalTo("Bearer sk-abcdefgh12345678")));
    }

    @Test
    void aFixedModelListIsUsedWithoutAnyRequest() {
        List<ModelInfo> models = backend.models(TestSettings.of("openai.baseUrl", "http://127.0.0.1:" + server.getPort() + "/v1",
                "openai.models", "gpt-4o-mini, meta-llama/llama-3.1-8b-instruct"));
        assertEquals(List.of("openai/gpt-4o-mini", "openai/meta-llama/llama-3.1-8b-instruct"),
                models.stream().map(m -> m.id).toList());
        assertTrue(models.stream().allMatch(m -> m.available));
        server.verify(0, getRequestedFor(urlEqualTo("/v1/models")));
    }

    @Test
    void aFailedListingShowsOneUnavailableEntryWithTheReasonAndIsRetriedSoon() {
        listing(500, "{\"error\":{\"message\":\"loading model\"}}");
        List<ModelInfo> models = backend.models(settings());
        assertEquals(1, models.size());
        assertEquals(OpenAiBackend.PLACEHOLDER_ID, models.get(0).id);
        assertFalse(models.get(0).available);
        assertTrue(models.get(0).unavailableReason.startsWith("Cannot list models: the OpenAI-compatible server at "
                + "127.0.0.1:" + server.getPort() + " failed to answer (HTTP 500): loading model."), models.get(0).unavailableReason);
        backend.models(settings());
        server.verify(1, getRequestedFor(urlEqualTo("/v1/models")));
        clock.addAndGet(OpenAiModelList.FAILURE_TTL_MS);
        listing(200, OLLAMA_TAGS);
        assertTrue(backend.models(settings()).get(0).available, "retried after the short failure cache");
    }

    @Test
    void aFailureAfterASuccessKeepsTheKnownModelsAsUnavailable() {
        listing(200, OLLAMA_TAGS);
        backend.models(settings());
        clock.addAndGet(OpenAiModelList.SUCCESS_TTL_MS);
        listing(401, "{\"error\":{\"message\":\"Invalid token\"}}");
        List<ModelInfo> models = backend.models(settings());
        assertEquals(List.of("openai/llama3.2:1b", "openai/qwen2.5-coder:7b"), models.stream().map(m -> m.id).toList());
        assertTrue(models.stream().noneMatch(m -> m.available));
        assertTrue(models.get(0).unavailableReason.contains("unauthorized (HTTP 401)"), models.get(0).unavailableReason);
        assertTrue(models.get(0).unavailableReason.contains("OPENAI_API_KEY"), models.get(0).unavailableReason);
    }

    @Test
    void anUnreachableServerIsListedUnavailableWithoutThrowing() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Settings closed = TestSettings.of("openai.baseUrl", "http://127.0.0.1:" + closedPort + "/v1");
        List<ModelInfo> models = backend.models(closed);
        assertEquals(OpenAiBackend.PLACEHOLDER_ID, models.get(0).id);
        assertTrue(models.get(0).unavailableReason.contains("connection was refused"), models.get(0).unavailableReason);
        // asking the placeholder gives the same failure, typed, so that fallback can move on
        BackendException e = assertThrows(BackendException.class, () -> backend.complete(new BackendRequest(
                List.of(ChatMessage.user("hi")), OpenAiBackend.PLACEHOLDER_ID, null, new GenerationOptions(), closed),
                new RecordingSink(), new CancelSignal()));
        assertEquals(ErrorType.UNREACHABLE, e.type());
    }

    @Test
    void aListingOfAnotherShapeIsExplained() {
        listing(200, "{\"models\":[{\"name\":\"llama3\"}]}");
        ModelInfo model = backend.models(settings()).get(0);
        assertFalse(model.available);
        assertTrue(model.unavailableReason.contains("cannot understand"), model.unavailableReason);
    }

    @Test
    void withNothingConfiguredNothingIsCalledAndTheReasonSaysWhatToSet() throws Exception {
        Settings nothing = TestSettings.of();
        List<ModelInfo> models = backend.models(nothing);
        assertEquals(1, models.size());
        assertEquals(OpenAiBackend.PLACEHOLDER_ID, models.get(0).id);
        assertFalse(models.get(0).available);
        assertTrue(models.get(0).unavailableReason.startsWith("No OpenAI-compatible server is configured."),
                models.get(0).unavailableReason);
        assertTrue(models.get(0).unavailableReason.contains("OPENAI_API_KEY"));
        BackendException e = assertThrows(BackendException.class, () -> backend.complete(new BackendRequest(
                List.of(ChatMessage.user("hi")), OpenAiBackend.PLACEHOLDER_ID, null, new GenerationOptions(), nothing),
                new RecordingSink(), new CancelSignal()));
        assertEquals(ErrorType.UNREACHABLE, e.type());
        assertEquals("No OpenAI-compatible server is configured.", e.getMessage());
    }
}
