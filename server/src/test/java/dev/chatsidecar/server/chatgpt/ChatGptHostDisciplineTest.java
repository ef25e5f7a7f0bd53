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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every request must go to the configured base URL and nowhere else. The fake serves as the HTTP
 * proxy for a base URL on a made-up host, so it sees every request the backend makes to any
 * non-loopback host, with the host it was meant for — a call to another host fails this test.
 */
class ChatGptHostDisciplineTest {
    @TempDir
    Path cacheDir;

    @Test
    void everyRequestGoesToTheConfiguredBaseUrl() throws Exception {
        try (FakeChatGpt fake = new FakeChatGpt()) {
            fake.homepage().requirements("").conversation(FakeStreams.v1("c", "m", "via ", "proxy"));
            String base = "http://chatgpt.sidecar-test.example";
            Settings settings = TestSettings.of("chatgpt.baseUrl", base, "http.proxy", fake.baseUrl(),
                    "http.idleTimeoutMs", 5000);
            ChatGptBackend backend = new ChatGptBackend(new ChatGptOptions().deviceIdDir(cacheDir)
                    .http(new HttpClientFactory()));
            try {
                for (int i = 0; i < 2; i++) {
                    RecordingSink sink = new RecordingSink();
                    backend.complete(new BackendRequest(List.of(ChatMessage.user("hi")), "auto", null,
                            new GenerationOptions(), settings), sink, new CancelSignal());
                    assertEquals("via proxy", sink.text());
                }
                Await.until(() -> fake.requirementsRequests().size() == 3, Duration.ofSeconds(10), "prefetch");
            } finally {
                backend.close();
            }
            List<ServeEvent> events = fake.wm.getAllServeEvents();
            assertEquals(1 + 1 + 3 + 1 + 2, events.size(), "home page, the two-call sentinel's 404, 3 requirements "
                    + "(one prefetched), the conduit's 404, 2 conversations");
            for (ServeEvent event : events) {
                String url = event.getRequest().getAbsoluteUrl();
                assertTrue(url.startsWith(base + "/"), "request outside the base URL: " + url);
                assertTrue(event.getWasMatched(), "unexpected request: " + url);
            }
            assertEquals(List.of(), fake.wm.findAllUnmatchedRequests());
        }
    }
}
