package dev.chatsidecar.server.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.server.chatgpt.ChatGptStreamDecoder;
import dev.chatsidecar.server.http.SseEvent;
import dev.chatsidecar.server.testing.SharedFixtures;
import dev.chatsidecar.server.testing.SseFuzzer;
import dev.chatsidecar.server.upstream.BackendException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated ChatGPT event streams — mutations of the real captures in
 * {@code ../shared/fixtures/chatgpt/*.sse}, read from there — through the SSE reader and
 * {@link ChatGptStreamDecoder}: an answer or a typed failure every time, deltas joined equal the
 * decoder's text, bounded memory. See {@link SseFuzzer} for seeds and longer runs.
 */
class ChatGptSseFuzzTest {

    /** The decoder as production drives it, recording deltas. */
    private static final class Decoder implements SseFuzzer.Target {
        final List<String> deltas = new ArrayList<>();
        final ChatGptStreamDecoder decoder = new ChatGptStreamDecoder("chatgpt.com", deltas::add);

        @Override
        public boolean accept(SseEvent event) throws BackendException {
            return decoder.accept(event);
        }

        @Override
        public void finish() throws BackendException {
            decoder.finish();
        }

        @Override
        public List<String> deltas() {
            return deltas;
        }

        @Override
        public String text() {
            return decoder.text();
        }
    }

    @Test
    void mutatedCapturesAlwaysEndInAnAnswerOrATypedFailure() {
        List<byte[]> corpus = new ArrayList<>();
        for (Path file : SharedFixtures.chatgptStreams()) {
            try {
                corpus.add(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertTrue(corpus.size() >= 2, "the shared captures are there");
        SseFuzzer.Counts counts = SseFuzzer.run("ChatGptSseFuzzTest", corpus, Decoder::new, 3000);
        assertTrue(counts.answered() > 0 && counts.typedFailures() > 0, "both outcomes were exercised: " + counts);
    }
}
