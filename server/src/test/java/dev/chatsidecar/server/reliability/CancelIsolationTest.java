package dev.chatsidecar.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatsidecar.fake.FakeAnswers;
import dev.chatsidecar.fake.FakeBackend;
import dev.chatsidecar.server.chatgpt.ChatGptBackend;
import dev.chatsidecar.server.chatgpt.ChatGptOptions;
import dev.chatsidecar.server.http.HttpClientFactory;
import dev.chatsidecar.server.testing.ServedSidecar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancelling one request never breaks another: rounds of concurrent requests to the fake
 * chatgpt.com over real HTTP (pooled keep-alive connections, small requirements answers), every
 * other one cancelled at once, while its neighbours must all answer in full. Regression test for
 * cancels that closed a pooled connection another request had just taken
 * ({@code CancellableSend.HeadersGate}).
 */
class CancelIsolationTest {
    @TempDir
    Path cacheDir;

    @Test
    void cancellingSomeRequestsLeavesTheOthersWhole() {
        long seed = Long.getLong("isolation.seed", System.nanoTime());
        System.out.println("CancelIsolationTest seed=" + seed);
        Random random = new Random(seed);
        int answered = 0;
        try (FakeBackend fake = FakeBackend.start();
             ServedSidecar s = new ServedSidecar(List.of(new ChatGptBackend(new ChatGptOptions().deviceIdDir(cacheDir)
                     .http(new HttpClientFactory()))), "{\"chatgpt\":{\"baseUrl\":\"" + fake.baseUrl() + "\"}}")) {
            for (int round = 0; round < 40; round++) {
                List<Integer> kept = new ArrayList<>();
                List<String> prompts = new ArrayList<>();
                List<Integer> cancelled = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    String prompt = "round " + round + " request " + i;
                    int id = s.start(prompt);
                    if (random.nextBoolean()) {
                        cancelled.add(id);
                    } else {
                        kept.add(id);
                        prompts.add(prompt);
                    }
                }
                // cancels land while the others are at every stage: session, requirements, proof, stream
                for (int id : cancelled) {
                    s.server.client.notify("$/cancelRequest", "{\"id\":" + id + "}");
                }
                for (int i = 0; i < kept.size(); i++) {
                    s.await(kept.get(i)).assertAnswered(FakeAnswers.answerFor(prompts.get(i), 1));
                    answered++;
                }
                for (int id : cancelled) {
                    s.await(id);
                }
            }
            assertEquals(0, s.server.server.service().runningCount());
        }
        System.out.println("CancelIsolationTest: " + answered + " neighbours of cancelled requests answered in full");
    }
}
