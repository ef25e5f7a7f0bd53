package dev.chatsidecar.server.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.chatsidecar.fake.FakeAnswers;
import dev.chatsidecar.fake.FakeBackend;
import dev.chatsidecar.server.chatgpt.ChatGptBackend;
import dev.chatsidecar.server.chatgpt.ChatGptOptions;
import dev.chatsidecar.server.http.HttpClientFactory;
import dev.chatsidecar.server.testing.ServedSidecar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fifty answers streamed at once over one JSON-RPC connection from the fake chatgpt.com over real
 * HTTP (one session, a requirements token and proof of work per request, fifty event streams): each
 * one complete, exact and only its own.
 */
class ChatGptLoadTest {
    @TempDir
    Path cacheDir;

    private static String prompt(int i) {
        return "stream number " + i + " asks for its own answer";
    }

    @Test
    void fiftyConcurrentStreamsFromARealUpstreamAreEachCorrectAndComplete() {
        try (FakeBackend fake = FakeBackend.start(new FakeBackend.Options().chunkDelayMs(2));
             ServedSidecar s = new ServedSidecar(List.of(new ChatGptBackend(new ChatGptOptions().deviceIdDir(cacheDir)
                     .http(new HttpClientFactory()))), "{\"chatgpt\":{\"baseUrl\":\"" + fake.baseUrl() + "\"}}")) {
            long start = System.nanoTime();
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ids.add(s.start(prompt(i)));
            }
            for (int i = 0; i < 50; i++) {
                s.await(ids.get(i)).assertAnswered(FakeAnswers.answerFor(prompt(i), 1));
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(50, fake.stats().conversationPosts());
            assertEquals(50, fake.stats().completedStreams());
            assertEquals(0, fake.stats().clientAborts());
            assertNull(s.server.client.wireError());
            System.out.println("ChatGptLoadTest: 50 concurrent streams from the fake chatgpt.com in " + ms + " ms");
        }
    }
}
