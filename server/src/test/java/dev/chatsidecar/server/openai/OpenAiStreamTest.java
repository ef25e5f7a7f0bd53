package dev.chatsidecar.server.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
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
import dev.chatsidecar.server.backend.BackendRequest;
import dev.chatsidecar.server.backend.BackendResult;
import dev.chatsidecar.server.http.HttpClientFactory;
import dev.chatsidecar.server.settings.Settings;
import dev.chatsidecar.server.testing.RecordingSink;
import dev.chatsidecar.server.testing.TestSettings;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Streaming answers from WireMock replaying real-shaped Chat Completions streams. */
class OpenAiStreamTest {
    static final String KEY = "sk-test-0123456789abcdefSECRET";
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(options().dynamicPort().bindAddress("127.0.0.1")).build();
    private final OpenAiBackend backend = new OpenAiBackend(new HttpClientFactory(), System::currentTimeMillis);

    static String resource(String name) {
        try (InputStream in = OpenAiStreamTest.class.getResourceAsStream("/openai/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Settings settings(String key) {
        return key == null
                ? TestSettings.of("openai.baseUrl", "http://127.0.0.1:" + server.getPort() + "/v1", "openai.models", "gpt-4o-mini")
                : TestSettings.of("openai.baseUrl", "http://127.0.0.1:" + server.getPort() + "/v1", "openai.apiKey", key,
                "openai.models", "gpt-4o-mini");
    }

    private BackendRequest request(Settings settings, GenerationOptions options) {
        return new BackendRequest(List.of(new ChatMessage("system", "Be brief."), ChatMessage.user("Say hello in French")),
                "openai/gpt-4o-mini", null, options, settings);
    }

    private void streams(String resource) {
        server.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream; charset=utf-8")
                .withBody(resource(resource)).withChunkedDribbleDelay(8, 40)));
    }

    @Test
    void deltasAreDecodedOnTheThreadThatReceivesTheBytes() throws Exception {
        streams("openai-stop-with-usage.sse");
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        RecordingSink recorded = new RecordingSink();
        dev.chatsidecar.server.backend.DeltaSink sink = new dev.chatsidecar.server.backend.DeltaSink() {
            @Override
            public void accepted() {
                recorded.accepted();
            }

            @Override
            public void delta(String text) {
                threads.add(Thread.currentThread().getName());
                recorded.delta(text);
            }
        };
        backend.complete(request(settings(KEY), null), sink, new CancelSignal());
        assertEquals(resource("openai-stop-with-usage.txt"), recorded.text());
        // only bytes that were in before the reading began are decoded on the calling thread (when it asks for them)
        String caller = Thread.currentThread().getName();
        int firstOnClient = threads.size();
        while (firstOnClient > 0 && !threads.get(firstOnClient - 1).equals(caller)) {
            firstOnClient--;
        }
        assertTrue(firstOnClient < threads.size(), "the stream's later pieces came on the HTTP client's thread: " + threads);
        assertTrue(threads.subList(firstOnClient, threads.size()).stream().allMatch(name -> name.startsWith("HttpClient-")),
                threads.toString());
    }

    @Test
    void anOpenAiStreamWithRoleChunkEmptyDeltasAndAUsageChunk() throws Exception {
        streams("openai-stop-with-usage.sse");
        RecordingSink sink = new RecordingSink();
        BackendResult result = backend.complete(request(settings(KEY), new GenerationOptions(0.2, 64)), sink,
                new CancelSignal());
        assertEquals(resource("openai-stop-with-usage.txt"), sink.text());
        assertFalse(sink.deltas().contains(""), "empty deltas are not forwarded");
        assertFalse(sink.deltaBeforeAccepted());
        assertEquals("stop", result.finishReason());
        assertEquals(19, result.usage().promptTokens);
        assertEquals(12, result.usage().completionTokens);
        assertEquals(31, result.usage().totalTokens);
        assertNull(result.conversation());
        server.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + KEY))
                .withHeader("Accept", equalTo("text/event-stream"))
                .withRequestBody(equalToJson("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":"
                        + "\"Be brief.\"},{\"role\":\"user\",\"content\":\"Say hello in French\"}],\"stream\":true,"
                        + "\"stream_options\":{\"include_usage\":true},\"temperature\":0.2,\"max_tokens\":64}")));
    }

    @Test
    void anOllamaStreamWithCrLfEndsWithLength() throws Exception {
        streams("ollama-length.sse");
        RecordingSink sink = new RecordingSink();
        BackendResult result = backend.complete(request(settings(null), new GenerationOptions()), sink, new CancelSignal());
        assertEquals(resource("ollama-length.txt"), sink.text());
        assertEquals("length", result.finishReason());
        assertEquals(8, result.usage().completionTokens);
        // no key: no Authorization header; no options: the server's defaults apply
        server.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withHeader("Authorization", absent())
                .withRequestBody(equalToJson("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":"
                        + "\"Be brief.\"},{\"role\":\"user\",\"content\":\"Say hello in French\"}],\"stream\":true,"
                        + "\"stream_options\":{\"include_usage\":true}}")));
    }

    @Test
    void doneWithoutFinishReasonEndsNormallyAsStop() throws Exception {
        streams("done-without-finish.sse");
        RecordingSink sink = new RecordingSink();
        BackendResult result = backend.complete(request(settings(null), new GenerationOptions()), sink, new CancelSignal());
        assertEquals(resource("done-without-finish.txt"), sink.text());
        assertEquals("stop", result.finishReason());
        assertNull(result.usage());
    }

    @Test
    void anErrorObjectInsideTheStreamIsAnUpstreamErrorAfterTheTextSoFar() {
        streams("error-mid-stream.sse");
        RecordingSink sink = new RecordingSink();
        BackendException e = assertThrows(BackendException.class,
                () -> backend.complete(request(settings(KEY), new GenerationOptions()), sink, new CancelSignal()));
        assertEquals(ErrorType.UPSTREAM_ERROR, e.type());
        assertTrue(e.retryable());
        assertTrue(e.getMessage().contains("The server had an error while processing your request"), e.getMessage());
        assertEquals("Partial", sink.text());
    }

    @Test
    void aStreamThatEndsWithoutDoneOrFinishReasonWasCut() {
        String full = resource("openai-stop-with-usage.sse");
        String cut = full.substring(0, full.indexOf("\" un\"")); // ends after " Voilà"
        cut = cut.substring(0, cut.lastIndexOf("data: "));
        server.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(cut)));
        RecordingSink sink = new RecordingSink();
        BackendException e = assertThrows(BackendException.class,
                () -> backend.complete(request(settings(KEY), new GenerationOptions()), sink, new CancelSignal()));
        assertEquals(ErrorType.UPSTREAM_ERROR, e.type());
        assertTrue(e.getMessage().contains("ended the stream before the answer was complete"), e.getMessage());
        assertEquals("Bonjour! Voilà", sink.text());
    }

    @Test
    void aServerThatIgnoresStreamingAndSendsOneCompletionIsAccepted() throws Exception {
        server.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1732500000,\"model\":\"m\","
                        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Salut !\"},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3,"
                        + "\"total_tokens\":8}}")));
        RecordingSink sink = new RecordingSink();
        BackendResult result = backend.complete(request(settings(KEY), new GenerationOptions()), sink, new CancelSignal());
        assertEquals("Salut !", sink.text());
        assertEquals("stop", result.finishReason());
        assertEquals(8, result.usage().totalTokens);
    }

    @Test
    void aSuccessThatIsNeitherAStreamNorJsonIsAProtocolError() {
        server.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html><title>Router login</title></html>")));
        BackendException e = assertThrows(BackendException.class, () -> backend.complete(
                request(settings(KEY), new GenerationOptions()), new RecordingSink(), new CancelSignal()));
        assertEquals(ErrorType.PROTOCOL_ERROR, e.type());
        assertTrue(e.getMessage().contains("Router login"), e.getMessage());
    }

    @Test
    void streamEventsThatAreNotChunksAreAProtocolError() {
        server.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody("data: <html>oops</html>\n\n")));
        BackendException e = assertThrows(BackendException.class, () -> backend.complete(
                request(settings(KEY), new GenerationOptions()), new RecordingSink(), new CancelSignal()));
        assertEquals(ErrorType.PROTOCOL_ERROR, e.type());
    }
}
