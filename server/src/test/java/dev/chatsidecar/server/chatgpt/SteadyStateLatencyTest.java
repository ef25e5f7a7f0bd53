package dev.chatsidecar.server.chatgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.chatsidecar.protocol.ChatMessage;
import dev.chatsidecar.protocol.ConversationRef;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Measures what the prefetching buys against a server with 50 ms latency per call: upstream calls
 * a request waits on (from its start to its conversation call) and time to the first delta, for
 * the first request and in steady state, against a 2024 server (the 2025–26 paths answer 404) and a
 * 2025–26 one (two-call sentinel, conduit, f/conversation); requests alternate between new chats and
 * follow-ups. The numbers are printed for the record; the round trips are asserted exactly, the
 * timings only loosely (the machine is shared).
 */
class SteadyStateLatencyTest {
    static final int LATENCY_MS = 50;

    @TempDir
    Path cacheDir;

    @ParameterizedTest(name = "2026 flow: {0}")
    @ValueSource(booleans = {false, true})
    void steadyStateRequestsWaitOnOneRoundTrip(boolean flow2026) throws Exception {
        try (FakeChatGpt fake = new FakeChatGpt()) {
            fake.delayMs = LATENCY_MS;
            String sse = FakeStreams.v1("c", "m", "first", " delta");
            if (flow2026) {
                fake.flow2026(sse);
            } else {
                fake.homepage().requirements("").conversation(sse);
            }
            String conversationPath = flow2026 ? FakeChatGpt.F_CONVERSATION : FakeChatGpt.CONVERSATION;
            Settings settings = TestSettings.of("chatgpt.baseUrl", fake.baseUrl(), "http.idleTimeoutMs", 10_000);
            ChatGptBackend backend = new ChatGptBackend(new ChatGptOptions().deviceIdDir(cacheDir)
                    .http(new HttpClientFactory()));
            try {
                List<Integer> roundTrips = new ArrayList<>();
                List<Long> firstDeltaMs = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    if (i > 0) {
                        // the user reads the answer; meanwhile the next requirements arrive
                        Await.until(() -> backend.prefetchSettled(settings), Duration.ofSeconds(10), "prefetch");
                    }
                    long startMillis = System.currentTimeMillis();
                    long start = System.nanoTime();
                    RecordingSink sink = new RecordingSink();
                    ConversationRef followUp = i % 2 == 1 ? new ConversationRef("c", "m") : null;
                    backend.complete(new BackendRequest(List.of(ChatMessage.user("q" + i)), "auto", followUp,
                            new GenerationOptions(), settings), sink, new CancelSignal());
                    firstDeltaMs.add((sink.firstDeltaNanos - start) / 1_000_000);
                    roundTrips.add(blockingCalls(fake, conversationPath, startMillis, i));
                }
                List<Long> steady = firstDeltaMs.subList(1, firstDeltaMs.size());
                long median = steady.stream().sorted().toList().get(steady.size() / 2);
                long warmFirst = firstRequestOfANewBackend(fake, settings);
                System.out.println((flow2026 ? "2026 flow, " : "2024 flow, ") + "latency " + LATENCY_MS + " ms per call: blocking round trips per request "
                        + roundTrips + "; time to first delta (ms) first=" + firstDeltaMs.get(0)
                        + " (cold JVM), first of a new session in a warm JVM=" + warmFirst + ", steady="
                        + steady + " steady median=" + median);
                assertEquals(5, roundTrips.get(0), flow2026
                        ? "first request: home page, sentinel prepare and finalize, conduit, conversation"
                        : "first request: home page, the two-call sentinel's 404, requirements, the conduit's 404, "
                                + "conversation");
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
    private static int blockingCalls(FakeChatGpt fake, String conversationPath, long startMillis, int index) {
        long conversationAt = fake.requests(conversationPath).get(index).getLoggedDate().getTime();
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
