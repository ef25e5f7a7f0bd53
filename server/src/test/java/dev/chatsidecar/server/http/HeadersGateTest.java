package dev.chatsidecar.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HeadersGateTest {
    private static final HttpResponse.ResponseInfo INFO = new HttpResponse.ResponseInfo() {
        @Override
        public int statusCode() {
            return 200;
        }

        @Override
        public HttpHeaders headers() {
            return HttpHeaders.of(Map.of(), (a, b) -> true);
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    };

    @Test
    void noAbortRunsOnceTheHeadersArrived() {
        HeadersGate gate = new HeadersGate();
        AtomicInteger aborts = new AtomicInteger();
        gate.wrap(HttpResponse.BodyHandlers.discarding()).apply(INFO);
        gate.abortUnlessAnswered(aborts::incrementAndGet);
        assertEquals(0, aborts.get());
    }

    @Test
    void anAbortBeforeTheHeadersRunsOnceAndTheBodyWaitsForIt() throws Exception {
        HeadersGate gate = new HeadersGate();
        CountDownLatch aborting = new CountDownLatch(1);
        CountDownLatch finishAbort = new CountDownLatch(1);
        AtomicInteger aborts = new AtomicInteger();
        Thread canceller = new Thread(() -> gate.abortUnlessAnswered(() -> {
            aborts.incrementAndGet();
            aborting.countDown();
            try {
                finishAbort.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        canceller.start();
        assertTrue(aborting.await(10, TimeUnit.SECONDS));
        CompletableFuture<Void> headers = CompletableFuture.runAsync(
                () -> gate.wrap(HttpResponse.BodyHandlers.discarding()).apply(INFO));
        gate.abortUnlessAnswered(aborts::incrementAndGet); // a second abort while the first runs: nothing
        assertFalse(headers.isDone(), "the body waits while the abort runs");
        finishAbort.countDown();
        headers.get(10, TimeUnit.SECONDS);
        canceller.join(10_000);
        assertEquals(1, aborts.get());
    }
}
