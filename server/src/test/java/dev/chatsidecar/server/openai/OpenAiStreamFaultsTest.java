package dev.chatsidecar.server.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.protocol.ChatMessage;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.protocol.GenerationOptions;
import dev.chatsidecar.server.backend.BackendRequest;
import dev.chatsidecar.server.backend.DeltaSink;
import dev.chatsidecar.server.http.HttpClientFactory;
import dev.chatsidecar.server.testing.RawHttpServer;
import dev.chatsidecar.server.testing.TestSettings;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Streams that stall, get cut, or are cancelled, on a raw socket server. */
class OpenAiStreamFaultsTest {
    private static final String HEAD = "Content-Type: text/event-stream";
    private static final String FIRST = "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n";
    private final OpenAiBackend backend = new OpenAiBackend(new HttpClientFactory(), System::currentTimeMillis);

    private static BackendRequest request(RawHttpServer server, int idleMs) {
        return new BackendRequest(List.of(ChatMessage.user("hi")), "openai/m", null, new GenerationOptions(),
                TestSettings.of("openai.baseUrl", server.baseUrl() + "/v1", "openai.models", "m",
                        "http.idleTimeoutMs", idleMs));
    }

    /** Records deltas and counts down when the first arrives. */
    private static final class FirstDelta implements DeltaSink {
        final CountDownLatch arrived = new CountDownLatch(1);
        final StringBuilder text = new StringBuilder();

        @Override
        public void accepted() {
        }

        @Override
        public synchronized void delta(String piece) {
            text.append(piece);
            if (!piece.isEmpty()) {
                arrived.countDown();
            }
        }
    }

    @Test
    void cancelMidStreamClosesTheConnectionAtOnce() throws Exception {
        CountDownLatch serverDone = new CountDownLatch(1);
        try (RawHttpServer server = new RawHttpServer((request, exchange) -> {
            exchange.head(200, HEAD);
            exchange.write(FIRST);
            serverDone.await(20, TimeUnit.SECONDS); // never finishes on its own
        })) {
            FirstDelta sink = new FirstDelta();
            CancelSignal cancel = new CancelSignal();
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<?> call = pool.submit(() -> backend.complete(request(server, 60_000), sink, cancel));
                assertTrue(sink.arrived.await(10, TimeUnit.SECONDS));
                long start = System.nanoTime();
                cancel.cancel();
                server.exchanges().poll(5, TimeUnit.SECONDS).clientClosed().get(5, TimeUnit.SECONDS);
                java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                        () -> call.get(5, TimeUnit.SECONDS));
                assertEquals(ErrorType.CANCELLED, ((BackendException) e.getCause()).type());
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "aborted promptly");
                assertEquals("Hel", sink.text.toString());
            } finally {
                serverDone.countDown();
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aStreamThatGoesQuietIsAbortedByTheIdleTimeout() throws Exception {
        CountDownLatch serverDone = new CountDownLatch(1);
        try (RawHttpServer server = new RawHttpServer((request, exchange) -> {
            exchange.head(200, HEAD);
            exchange.write(FIRST);
            serverDone.await(20, TimeUnit.SECONDS);
        })) {
            FirstDelta sink = new FirstDelta();
            BackendException e = assertThrows(BackendException.class,
                    () -> backend.complete(request(server, 300), sink, new CancelSignal()));
            serverDone.countDown();
            assertEquals(ErrorType.UPSTREAM_ERROR, e.type());
            assertTrue(e.getMessage().contains("stopped sending the answer: no data for 0.3 s"), e.getMessage());
            assertEquals("Hel", sink.text.toString());
        }
    }

    @Test
    void aServerThatNeverAnswersHitsTheIdleTimeoutAsUnreachable() throws Exception {
        CountDownLatch serverDone = new CountDownLatch(1);
        try (RawHttpServer server = new RawHttpServer((request, exchange) -> serverDone.await(20, TimeUnit.SECONDS))) {
            BackendException e = assertThrows(BackendException.class,
                    () -> backend.complete(request(server, 300), new FirstDelta(), new CancelSignal()));
            serverDone.countDown();
            assertEquals(ErrorType.UNREACHABLE, e.type());
            assertTrue(e.getMessage().contains("did not start answering in time"), e.getMessage());
        }
    }

    @Test
    void aConnectionCutMidEventIsAnUpstreamErrorKeepingTheText() throws Exception {
        try (RawHttpServer server = new RawHttpServer((request, exchange) -> {
            exchange.head(200, HEAD);
            exchange.write(FIRST + "data: {\"object\":\"chat.completion.chunk\",\"choi");
            exchange.cut();
        })) {
            FirstDelta sink = new FirstDelta();
            BackendException e = assertThrows(BackendException.class,
                    () -> backend.complete(request(server, 60_000), sink, new CancelSignal()));
            assertEquals(ErrorType.UPSTREAM_ERROR, e.type(), e.getMessage());
            assertTrue(e.getMessage().contains("ended the stream before the answer was complete"), e.getMessage());
            assertEquals("Hel", sink.text.toString());
        }
    }
}
