package dev.chatsidecar.server.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatsidecar.fake.FakeAnswers;
import dev.chatsidecar.fake.FakeBackend;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.ElasticThreadPool;
import dev.chatsidecar.server.chatgpt.ChatGptBackend;
import dev.chatsidecar.server.chatgpt.ChatGptOptions;
import dev.chatsidecar.server.http.HttpClientFactory;
import dev.chatsidecar.server.testing.Await;
import dev.chatsidecar.server.testing.ServedSidecar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No thread leak: after thirty concurrent answers from a real upstream — half of them finished, half
 * cancelled mid-stream — the process's thread count (the fake upstream's own threads aside) returns
 * to what it was before, once idle pool threads pass their keep-alive.
 */
class ThreadReclaimTest {
    @TempDir
    Path cacheDir;

    /** Live threads by name without their numbers, the fake upstream's excepted. */
    private static Map<String, Integer> sidecarThreads() {
        Map<String, Integer> groups = new TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && !thread.getName().startsWith("fake-backend-")) {
                groups.merge(thread.getName().replaceAll("\\d+", "#"), 1, Integer::sum);
            }
        }
        return groups;
    }

    private static int total(Map<String, Integer> groups) {
        return groups.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Test
    void threadsReturnToTheBaselineAfterFinishedAndCancelledRequests() {
        try (FakeBackend fake = FakeBackend.start(new FakeBackend.Options().chunkDelayMs(2));
             ServedSidecar s = new ServedSidecar(List.of(new ChatGptBackend(new ChatGptOptions().deviceIdDir(cacheDir)
                     .http(new HttpClientFactory()))), "{\"chatgpt\":{\"baseUrl\":\"" + fake.baseUrl() + "\"}}")) {
            s.complete("warm up").assertAnswered(FakeAnswers.answerFor("warm up", 1));
            Await.until(() -> fake.stats().requirementsPosts() == 2, Duration.ofSeconds(10), "the prefetch");
            Map<String, Integer> before = sidecarThreads();
            List<Integer> finished = new ArrayList<>();
            List<Integer> cancelled = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                finished.add(s.start("finish " + i));
                cancelled.add(s.start("cancel " + i + " [[slow]]"));
            }
            for (int id : cancelled) {
                s.server.client.notify("$/cancelRequest", "{\"id\":" + id + "}");
            }
            for (int i = 0; i < 15; i++) {
                s.await(finished.get(i)).assertAnswered(FakeAnswers.answerFor("finish " + i, 1));
                assertEquals(ErrorType.CANCELLED.code(),
                        s.await(cancelled.get(i)).error().get("code").getAsInt());
            }
            assertEquals(0, s.server.server.service().runningCount());
            Map<String, Integer> busy = sidecarThreads();
            long idleSince = System.nanoTime();
            Await.until(() -> total(sidecarThreads()) <= total(before), ElasticThreadPool.KEEP_ALIVE.plusSeconds(10),
                    "threads back to " + total(before) + " " + before + "; now " + sidecarThreads());
            long ms = (System.nanoTime() - idleSince) / 1_000_000;
            System.out.println("ThreadReclaimTest: threads " + total(before) + " before, " + total(busy)
                    + " right after 30 requests, back to " + total(sidecarThreads()) + " " + ms + " ms after the last answer");
            System.out.println("  before: " + before);
            System.out.println("  busy:   " + busy);
        }
    }
}
