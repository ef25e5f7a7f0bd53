package dev.chatsidecar.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.chatsidecar.fake.FakeBackend;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.chatgpt.ChatGptBackend;
import dev.chatsidecar.server.chatgpt.ChatGptOptions;
import dev.chatsidecar.server.http.HttpClientFactory;
import dev.chatsidecar.server.testing.Await;
import dev.chatsidecar.server.testing.ServedSidecar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof of work is bounded in CPU time, through the real JSON-RPC server: a difficulty that
 * cannot be met ends in a clear {@code upstream_error} within the time bound (and no conversation
 * is sent), and cancelling stops the search at once instead of letting it burn on.
 */
class ProofOfWorkBoundTest {
    /** Fourteen zero digits: about 2^56 hashes, far beyond any bound. */
    private static final String IMPOSSIBLE = "00000000000000";

    @TempDir
    Path cacheDir;

    private ServedSidecar sidecar(FakeBackend fake, Duration powTimeLimit) {
        return new ServedSidecar(List.of(new ChatGptBackend(new ChatGptOptions().deviceIdDir(cacheDir)
                .http(new HttpClientFactory()).powTimeLimit(powTimeLimit))),
                "{\"chatgpt\":{\"baseUrl\":\"" + fake.baseUrl() + "\"}}");
    }

    /** Whether some thread is inside the search for the proof token (not the requirements token's own). */
    private static boolean searching() {
        return Thread.getAllStackTraces().values().stream().anyMatch(stack -> java.util.Arrays.stream(stack)
                .anyMatch(frame -> frame.getMethodName().equals("proofToken")
                        && frame.getClassName().endsWith(".ProofOfWork")));
    }

    @Test
    void anImpossibleDifficultyFailsClearlyWithinTheConfiguredBound() {
        long limitMs = 1500;
        try (FakeBackend fake = FakeBackend.start(new FakeBackend.Options().difficulty(IMPOSSIBLE));
             ServedSidecar s = new ServedSidecar(List.of(new ChatGptBackend(new ChatGptOptions().deviceIdDir(cacheDir)
                     .http(new HttpClientFactory()))), "{\"chatgpt\":{\"baseUrl\":\"" + fake.baseUrl()
                     + "\",\"powTimeoutMs\":" + limitMs + "}}")) {
            long start = System.nanoTime();
            JsonObject data = s.complete("hi").assertFailure(ErrorType.UPSTREAM_ERROR, null, "");
            long ms = (System.nanoTime() - start) / 1_000_000;
            String message = data.get("message").getAsString();
            assertTrue(message.contains("proof of work") && message.contains(IMPOSSIBLE), message);
            assertTrue(data.get("retryable").getAsBoolean(), data.toString());
            System.out.println("gave up after " + ms + " ms");
            assertTrue(message.contains(limitMs + " ms"), "the message names the setting's bound: " + message);
            assertTrue(ms < limitMs + 3000, "gave up after " + ms + " ms");
            assertEquals(0, fake.stats().conversationPosts(), "no conversation without a proof");
        }
    }

    @Test
    void cancellingDuringTheSearchAnswersAtOnce() {
        try (FakeBackend fake = FakeBackend.start(new FakeBackend.Options().difficulty(IMPOSSIBLE));
             ServedSidecar s = sidecar(fake, Duration.ofSeconds(20))) {
            int id = s.start("hi");
            Await.until(ProofOfWorkBoundTest::searching, Duration.ofSeconds(10), "the proof-of-work search");
            long start = System.nanoTime();
            s.server.client.notify("$/cancelRequest", "{\"id\":" + id + "}");
            s.await(id).assertFailure(ErrorType.CANCELLED, null, "");
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.println("cancelled after " + ms + " ms");
            // the search alone would run on for about 2 s (its attempt bound)
            assertTrue(ms < 600, "cancelled after " + ms + " ms");
            assertEquals(0, s.server.server.service().runningCount());
        }
    }
}
