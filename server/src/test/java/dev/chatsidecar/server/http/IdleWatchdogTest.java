package dev.chatsidecar.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.upstream.BackendException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdleWatchdogTest {

    @Test
    void abortsASilentBodyAndExplainsWhy() throws Exception {
        CountDownLatch aborted = new CountDownLatch(1);
        long start = System.nanoTime();
        try (IdleWatchdog dog = IdleWatchdog.watch(aborted::countDown, 300, 0)) {
            dog.activity();
            assertTrue(aborted.await(10, TimeUnit.SECONDS), "the silent body was aborted");
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(dog.fired());
            assertTrue(waitedMs >= 250, "fired after " + waitedMs + " ms");
            BackendException failure = dog.failure("chatgpt.com");
            assertEquals(ErrorType.UPSTREAM_ERROR, failure.type());
            assertTrue(failure.getMessage().contains("no data for 0.3 s"), failure.getMessage());
            assertTrue(failure.retryable());
        }
    }

    @Test
    void aSteadyTrickleKeepsTheBodyOpen() throws Exception {
        AtomicInteger aborts = new AtomicInteger();
        try (IdleWatchdog dog = IdleWatchdog.watch(aborts::incrementAndGet, 250, 0)) {
            for (int i = 0; i < 10; i++) {
                dog.activity();
                Thread.sleep(60); // the pace of a slow but live stream, not synchronisation
            }
            assertFalse(dog.fired());
            assertEquals(0, aborts.get());
        }
    }
}
