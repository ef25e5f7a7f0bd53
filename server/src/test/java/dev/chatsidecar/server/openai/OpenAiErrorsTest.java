package dev.chatsidecar.server.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.chatsidecar.protocol.ChatMessage;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.protocol.GenerationOptions;
import dev.chatsidecar.protocol.ModelInfo;
import dev.chatsidecar.server.backend.BackendRequest;
import dev.chatsidecar.server.http.HttpClientFactory;
import dev.chatsidecar.server.log.Log;
import dev.chatsidecar.server.settings.Settings;
import dev.chatsidecar.server.testing.RecordingSink;
import dev.chatsidecar.server.testing.TestSettings;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HTTP failures of the OpenAI-compatible server in the contract's types, and the key kept secret. */
class OpenAiErrorsTest {
    /** A key that does not look like sk-...: only the backend's own scrubbing can hide it. */
    static final String KEY = "team-proxy-key-7f3a9c2e41d8";
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(options().dynamicPort().bindAddress("127.0.0.1")).build();
    private final OpenAiBackend backend = new OpenAiBackend(new HttpClientFactory(), System::currentTimeMillis);

    private Settings settings() {
        return TestSettings.of("openai.baseUrl", "http://127.0.0.1:" + server.getPort() + "/v1", "openai.apiKey", KEY,
                "openai.models", "gpt-4o-mini,llama3");
    }

    private BackendException failure(int status, String contentType, String body, String... headers) {
        var response = aResponse().withStatus(status).withHeader("Content-Type", contentType).withBody(body);
        for (int i = 0; i < headers.length; i += 2) {
            response = response.withHeader(headers[i], headers[i + 1]);
        }
        server.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(response));
        RecordingSink sink = new RecordingSink();
        BackendException e = assertThrows(BackendException.class, () -> backend.complete(new BackendRequest(
                List.of(ChatMessage.user("hi")), "openai/llama3", null, new GenerationOptions(), settings()), sink,
                new CancelSignal()));
        assertFalse(sink.wasAccepted(), "an error answer is never accepted");
        assertNoKey(e);
        return e;
    }

    static void assertNoKey(BackendException e) {
        assertFalse(e.getMessage().contains(KEY), "key in message: " + e.getMessage());
        assertFalse(String.valueOf(e.hint()).contains(KEY), "key in hint: " + e.hint());
    }

    @Test
    void unauthorizedPointsAtTheApiKeyAndNeverShowsIt() {
        // a proxy that echoes the credential it refused
        BackendException e = failure(401, "application/json", "{\"error\":{\"message\":\"Incorrect API key provided: "
                + KEY + ". You can find your API key at https://platform.openai.com/account/api-keys.\","
                + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");
        assertEquals(ErrorType.UNAUTHORIZED, e.type());
        assertEquals(401, e.httpStatus());
        assertFalse(e.retryable());
        assertTrue(e.hint().contains("openai.apiKey") && e.hint().contains("OPENAI_API_KEY"), e.hint());
        assertTrue(e.getMessage().contains("Incorrect API key provided: ***"), e.getMessage());
    }

    @Test
    void rateLimitedCarriesRetryAfter() {
        BackendException e = failure(429, "application/json", "{\"error\":{\"message\":\"Rate limit reached for "
                + "gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1.\",\"type\":\"requests\","
                + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}", "Retry-After", "7");
        assertEquals(ErrorType.RATE_LIMITED, e.type());
        assertEquals(429, e.httpStatus());
        assertEquals(7000L, e.retryAfterMs());
        assertTrue(e.retryable());
    }

    @Test
    void aMissingModelIsAnInvalidRequestNamingIt() {
        BackendException openAi = failure(404, "application/json", "{\"error\":{\"message\":\"The model `llama3` does "
                + "not exist or you do not have access to it.\",\"type\":\"invalid_request_error\",\"param\":null,"
                + "\"code\":\"model_not_found\"}}");
        assertEquals(ErrorType.INVALID_REQUEST, openAi.type());
        assertEquals(404, openAi.httpStatus());
        assertTrue(openAi.getMessage().contains("has no model \"llama3\""), openAi.getMessage());

        BackendException ollama = failure(404, "application/json",
                "{\"error\":{\"message\":\"model \\\"llama3\\\" not found, try pulling it first\",\"type\":\"api_error\","
                        + "\"param\":null,\"code\":null}}");
        assertEquals(ErrorType.INVALID_REQUEST, ollama.type());
        assertTrue(ollama.hint().contains("ollama pull llama3"), ollama.hint());
    }

    @Test
    void aWrongPathIsNotBlamedOnTheModel() {
        BackendException e = failure(404, "text/plain", "404 page not found");
        assertEquals(ErrorType.PROTOCOL_ERROR, e.type());
        assertTrue(e.hint().contains("base URL"), e.hint());
    }

    @Test
    void serverErrorsAreRetryableUpstreamErrors() {
        BackendException e = failure(503, "application/json", "{\"error\":{\"message\":\"The engine is currently "
                + "overloaded, please try again later.\",\"type\":\"server_error\"}}");
        assertEquals(ErrorType.UPSTREAM_ERROR, e.type());
        assertEquals(503, e.httpStatus());
        assertTrue(e.retryable());
        assertTrue(e.getMessage().contains("overloaded"), e.getMessage());
    }

    @Test
    void aResetBeforeTheAnswerIsUnreachable() {
        server.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        BackendException e = assertThrows(BackendException.class, () -> backend.complete(new BackendRequest(
                List.of(ChatMessage.user("hi")), "openai/llama3", null, new GenerationOptions(), settings()),
                new RecordingSink(), new CancelSignal()));
        assertEquals(ErrorType.UNREACHABLE, e.type());
        assertNoKey(e);
    }

    @Test
    void theKeyNeverReachesTheLogEvenAtTrace() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Log.setStream(captured);
        Log.setLevel("trace");
        try {
            failure(401, "application/json", "{\"error\":{\"message\":\"bad key " + KEY + "\"}}");
            server.stubFor(get(urlEqualTo("/v1/models")).willReturn(aResponse().withStatus(401)
                    .withBody("{\"error\":{\"message\":\"bad key " + KEY + "\"}}")));
            List<ModelInfo> models = backend.models(TestSettings.of("openai.baseUrl", "http://127.0.0.1:" + server.getPort() + "/v1",
                    "openai.apiKey", KEY));
            assertFalse(models.get(0).available);
            assertFalse(models.get(0).unavailableReason.contains(KEY), models.get(0).unavailableReason);
            assertTrue(models.get(0).unavailableReason.contains("OPENAI_API_KEY"), models.get(0).unavailableReason);
            assertFalse(models.get(0).label.contains(KEY));
            assertFalse(TestSettings.of("openai.apiKey", KEY).toString().contains(KEY));
        } finally {
            Log.setLevel("info");
            Log.setStream(new FileOutputStream(FileDescriptor.err));
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("listing models"), "the test did log something: " + log);
        assertFalse(log.contains(KEY), log);
    }
}
