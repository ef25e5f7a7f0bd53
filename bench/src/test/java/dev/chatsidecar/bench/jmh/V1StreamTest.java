package dev.chatsidecar.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatsidecar.server.chatgpt.ChatGptStreamDecoder;
import dev.chatsidecar.server.http.SseEvent;
import dev.chatsidecar.server.http.SseReader;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmarks' synthetic stream must be one the sidecar's own reader and decoder accept whole. */
class V1StreamTest {

    @Test
    void decodesToTheAnswerWithOneDeltaPerPieceInBothLineEndings() throws Exception {
        for (String newline : List.of("\n", "\r\n")) {
            List<String> deltas = new ArrayList<>();
            ChatGptStreamDecoder decoder = new ChatGptStreamDecoder("test", deltas::add);
            int events = 0;
            boolean done = false;
            try (SseReader reader = new SseReader(new ByteArrayInputStream(V1Stream.bytes(25, newline)))) {
                SseEvent event;
                while ((event = reader.next()) != null) {
                    events++;
                    done = decoder.accept(event);
                }
            }
            ChatGptStreamDecoder.Outcome outcome = decoder.finish();
            assertEquals(true, done);
            assertEquals(V1Stream.events(25), events);
            assertEquals(V1Stream.answer(25), String.join("", deltas));
            assertEquals(25, deltas.size());
            assertEquals("stop", outcome.finishReason());
            assertEquals(V1Stream.CONVERSATION, outcome.conversation().id);
        }
    }
}
