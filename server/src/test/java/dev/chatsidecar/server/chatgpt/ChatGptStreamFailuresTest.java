package dev.chatsidecar.server.chatgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.protocol.ChatMessage;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.protocol.GenerationOptions;
import dev.chatsidecar.server.backend.BackendRequest;
import dev.chatsidecar.server.backend.BackendResult;
import dev.chatsidecar.server.http.HttpClientFactory;
import dev.chatsidecar.server.testing.RawHttpServer;
import dev.chatsidecar.server.testing.TestSettings;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams WireMock cannot script: cancelled, stalled, cut and trickled answers, on a raw socket
 * server that can also see the client close its connection.
 */
class ChatGptStreamFailuresTest {
    @TempDir
    Path cacheDir;
    final CountDownLatch release = new CountDownLatch(1);
    ChatGptBackend backend;

    @AfterEach
    void stop() {
        release.countDown();
        if (backend != null) {
            backend.close();
        }
    }

    private static RawHttpServer server(RawHttpServer.Handler answer) throws Exception {
        return RawChatGpt.start(answer);
    }

    private CompletableFuture<Object> start(RawHttpServer server, int idleMs, RecordingSink sink, CancelSignal cancel) {
        backend = new ChatGptBackend(new ChatGptOptions().deviceIdDir(cacheDir).http(new HttpClientFactory()));
        BackendRequest request = new BackendRequest(List.of(ChatMessage.user("hi")), "auto", null,
                new GenerationOptions(), TestSettings.of("chatgpt.baseUrl", server.baseUrl(), "http.idleTimeoutMs", idleMs));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return backend.complete(request, sink, cancel);
            } catch (BackendException e) {
                return e;
            }
        });
    }

    @Test
    void cancellingMidStreamClosesTheUpstreamConnectionAtOnce() throws Exception {
        try (RawHttpServer server = server((request, exchange) -> {
            exchange.head(200, "Content-Type: text/event-stream");
            exchange.write(FakeStreams.v1Start("c", "m", "Hel"));
            release.await(30, TimeUnit.SECONDS);
        })) {
            RecordingSink sink = new RecordingSink();
            CancelSignal cancel = new CancelSignal();
            CompletableFuture<Object> outcome = start(server, 30_000, sink, cancel);
            assertTrue(sink.firstDelta.await(10, TimeUnit.SECONDS), "first delta");
            RawHttpServer.Exchange exchange = RawChatGpt.conversationExchange(server);
            long start = System.nanoTime();
            cancel.cancel();
            Object result = outcome.get(5, TimeUnit.SECONDS);
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> exchange.clientClosed().get());
            long closedAfterMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(result instanceof BackendException e && e.type() == ErrorType.CANCELLED, String.valueOf(result));
            assertEquals("Hel", sink.text());
            assertTrue(closedAfterMs < 2000, "connection closed after " + closedAfterMs + " ms");
        }
    }

    @Test
    void aStalledStreamEndsWithAnIdleTimeoutAndKeepsTheText() throws Exception {
        try (RawHttpServer server = server((request, exchange) -> {
            exchange.head(200, "Content-Type: text/event-stream");
            exchange.write(FakeStreams.v1Start("c", "m", "Hel") + FakeStreams.v1Piece("lo"));
            release.await(30, TimeUnit.SECONDS);
        })) {
            RecordingSink sink = new RecordingSink();
            Object result = start(server, 400, sink, new CancelSignal()).get(10, TimeUnit.SECONDS);
            assertTrue(result instanceof BackendException, String.valueOf(result));
            BackendException e = (BackendException) result;
            assertEquals(ErrorType.UPSTREAM_ERROR, e.type());
            assertTrue(e.getMessage().contains("no data for 0.4 s"), e.getMessage());
            assertEquals("Hello", sink.text());
        }
    }

    @Test
    void aCutStreamIsAnUpstreamErrorWithTheTextSoFar() throws Exception {
        try (RawHttpServer server = server((request, exchange) -> {
            exchange.head(200, "Content-Type: text/event-stream");
            exchange.write(FakeStreams.v1Start("c", "m", "Half an ans"));
            exchange.cut();
        })) {
            RecordingSink sink = new RecordingSink();
            Object result = start(server, 5000, sink, new CancelSignal()).get(10, TimeUnit.SECONDS);
            assertTrue(result instanceof BackendException e && e.type() == ErrorType.UPSTREAM_ERROR
                    && e.getMessage().contains("cut off"), String.valueOf(result));
            assertEquals("Half an ans", sink.text());
        }
    }

    @Test
    void aTrickledStreamDecodesByteByByte() throws Exception {
        String stream = FakeStreams.legacy("c", "m", "Gr\u00fc\u00df", " \u597d", " \uD83D\uDE00");
        try (RawHttpServer server = server((request, exchange) -> {
            exchange.head(200, "Content-Type: text/event-stream; charset=utf-8");
            for (byte b : stream.getBytes(StandardCharsets.UTF_8)) {
                exchange.writeBytes(new byte[] {b});
            }
            exchange.cut();
        })) {
            RecordingSink sink = new RecordingSink();
            Object result = start(server, 5000, sink, new CancelSignal()).get(20, TimeUnit.SECONDS);
            assertTrue(result instanceof BackendResult, String.valueOf(result));
            assertEquals("Gr\u00fc\u00df \u597d \uD83D\uDE00", sink.text());
        }
    }
}
