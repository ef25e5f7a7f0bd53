package dev.chatsidecar.server.openai;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.server.http.SseEvent;
import dev.chatsidecar.server.testing.SseFuzzer;
import dev.chatsidecar.server.testing.TestSettings;
import dev.chatsidecar.server.upstream.BackendException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated Chat Completions streams (mutations of this module's captures in
 * {@code src/test/resources/openai}) through the SSE reader and {@link ChatCompletionStream}: an
 * answer or a typed failure every time, bounded memory. See {@link SseFuzzer} for seeds and longer runs.
 */
class ChatCompletionSseFuzzTest {
    private static final List<String> CAPTURES = List.of("openai-stop-with-usage.sse", "ollama-length.sse",
            "done-without-finish.sse", "error-mid-stream.sse");

    /** The decoder as {@link OpenAiExchange} drives it: stop at [DONE], a stream without an end was cut. */
    private static final class Decoder implements SseFuzzer.Target {
        final OpenAiEndpoint endpoint = OpenAiEndpoint.from(TestSettings.of("openai.baseUrl", "http://127.0.0.1:9/v1",
                "openai.apiKey", "sk-fuzz-key-0123456789"));
        final ChatCompletionStream stream = new ChatCompletionStream(new OpenAiErrors(endpoint), endpoint.service());
        final List<String> deltas = new ArrayList<>();
        final StringBuilder text = new StringBuilder();

        @Override
        public boolean accept(SseEvent event) throws BackendException {
            String piece = stream.accept(event.data());
            if (!piece.isEmpty()) {
                deltas.add(piece);
                text.append(piece);
            }
            return stream.done();
        }

        @Override
        public void finish() throws BackendException {
            if (!stream.complete()) {
                throw new BackendException(dev.chatsidecar.protocol.ErrorType.UPSTREAM_ERROR, "cut", "retry", true);
            }
        }

        @Override
        public List<String> deltas() {
            return deltas;
        }

        @Override
        public String text() {
            return text.toString();
        }
    }

    @Test
    void mutatedCapturesAlwaysEndInAnAnswerOrATypedFailure() {
        List<byte[]> corpus = new ArrayList<>();
        for (String name : CAPTURES) {
            try (InputStream in = getClass().getResourceAsStream("/openai/" + name)) {
                corpus.add(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        SseFuzzer.Counts counts = SseFuzzer.run("ChatCompletionSseFuzzTest", corpus, Decoder::new, 3000);
        assertTrue(counts.answered() > 0 && counts.typedFailures() > 0, "both outcomes were exercised: " + counts);
    }
}
