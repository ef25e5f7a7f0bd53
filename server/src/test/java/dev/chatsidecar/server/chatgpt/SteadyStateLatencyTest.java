package dev.chatsidecar.server.chatgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.chatsidecar.protocol.ChatMessage;
import dev.chatsidecar.protocol.GenerationOptions;
import dev.chatsidecar.server.backend.BackendRequest;
import dev.chatsidecar.server.http.HttpClientFactory;
import dev.chatsidecar.server.settings.Settings;
import dev.chatsidecar.server.testing.Await;
import dev.chatsidecar.server.testing.TestSettings;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures what the prefetching buys against a server with 50 ms latency per call: upstream calls
 * a request waits on (from its start to its conversation call) and time to the first delta, for
 * the first request and in steady state. The numbers are printed for the record; the round trips
 * are asserted exactly, the timings only loosely (the machine is shared).
 */
class SteadyStateLatencyTest {
    static final int LATENCY_MS = 50;

    @TempDir
    Path cacheDir;

    @Test
    void steadyStateRequestsWaitOnOneRoundTrip() throws Exception {
        try (FakeChatGpt fake = new FakeChatGpt()) {
            fake.delayMs = LATENCY_MS;
            fake.homepage().requirements("").conversation(FakeStreams.v1("c", "m", "first", " delta"));
            Settings settings = TestSettings.of("chatgpt.baseUrl", fake.baseUrl(), "http.idleTimeoutMs", 10_000);
            ChatGptBackend backend = new ChatGptBackend(new ChatGptOptions().deviceIdDir(cacheDir)
                    .http(new HttpClientFactory()));
            try {
                List<Integer> roundTrips = new ArrayList<>();
                List<Long> firstDeltaMs = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    if (i > 0) {
                        // the user reads the answer; meanwhile the next requirements arrive
                        Await.until(() -> backend.requirementsReady(settings), Duration.ofSeconds(10), "prefetch");
                    }
                    long startMillis = System.currentTimeMillis();
                    long start = System.nanoTime();
                    RecordingSink sink = new RecordingSink();
                    backend.complete(new BackendRequest(List.of(ChatMessage.user("q" + i)), "auto", null,
                            new GenerationOptions(), settings), sink, new CancelSignal());
                    firstDeltaMs.add((sink.firstDeltaNanos - start) / 1_000_000);
                    roundTrips.add(blockingCalls(fake, startMillis, i));
                }
                List<Long> steady = firstDeltaMs.subList(1, firstDeltaMs.size());
                long median = steady.stream().sorted().toList().get(steady.size() / 2);
                long warmFirst = firstRequestOfANewBackend(fake, settings);
                System.out.println("latency " + LATENCY_MS + " ms per call: blocking round trips per request "
                        + roundTrips + "; time to first delta (ms) first=" + firstDeltaMs.get(0)
                        + " (cold JVM), first of a new session in a warm JVM=" + warmFirst + ", steady="
                        + steady + " steady median=" + median);
                assertEquals(3, roundTrips.get(0), "first request: home page, requirements, conversation");
                for (int i = 1; i < roundTrips.size(); i++) {
                    assertEquals(1, roundTrips.get(i), "steady-state request " + i + " waits on the conversation only");
                }
                assertTrue(median >= LATENCY_MS, "cannot beat the server's latency: " + median);
                assertTrue(median < firstDeltaMs.get(0), "steady state faster than the first request");
            } finally {
                backend.close();
            }
        }
    }

    private long firstRequestOfANewBackend(FakeChatGpt fake, Settings settings) throws Exception {
        ChatGptBackend fresh = new ChatGptBackend(new ChatGptOptions().deviceIdDir(cacheDir).http(new HttpClientFactory()));
        try {
            RecordingSink sink = new RecordingSink();
            long start = System.nanoTime();
            fresh.complete(new BackendRequest(List.of(ChatMessage.user("new")), "auto", null, new GenerationOptions(),
                    settings), sink, new CancelSignal());
            return (sink.firstDeltaNanos - start) / 1_000_000;
        } finally {
            fresh.close();
        }
    }

    /** Upstream calls received from the request's start up to its own conversation call. */
    private static int blockingCalls(FakeChatGpt fake, long startMillis, int index) {
        long conversationAt = fake.conversationRequests().get(index).getLoggedDate().getTime();
        int calls = 0;
        for (ServeEvent event : fake.wm.getAllServeEvents()) {
            long at = event.getRequest().getLoggedDate().getTime();
            if (at >= startMillis && at <= conversationAt) {
                calls++;
            }
        }
        return calls;
    }
}
