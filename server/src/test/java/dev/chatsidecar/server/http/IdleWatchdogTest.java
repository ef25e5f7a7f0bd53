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
    /** A silence excused until long ago: nothing is excused. */
    private static final long NEVER = System.nanoTime() - TimeUnit.DAYS.toNanos(1);

    @Test
    void abortsASilentBodyAndExplainsWhy() throws Exception {
        CountDownLatch aborted = new CountDownLatch(1);
        long start = System.nanoTime();
        try (IdleWatchdog dog = IdleWatchdog.watch(aborted::countDown, () -> NEVER, 300, 0)) {
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
        try (IdleWatchdog dog = IdleWatchdog.watch(aborts::incrementAndGet, () -> NEVER, 250, 0)) {
            for (int i = 0; i < 10; i++) {
                dog.activity();
                Thread.sleep(60); // the pace of a slow but live stream, not synchronisation
            }
            assertFalse(dog.fired());
            assertEquals(0, aborts.get());
        }
    }

    @Test
    void aSilenceOfOurOwnMakingIsExcusedAndCountsOnlyFromItsEnd() throws Exception {
        CountDownLatch aborted = new CountDownLatch(1);
        CountDownLatch consulted = new CountDownLatch(2);
        java.util.concurrent.atomic.AtomicLong heldUpUntil = new java.util.concurrent.atomic.AtomicLong(0);
        java.util.function.LongSupplier excusedUntil = () -> {
            consulted.countDown();
            long until = heldUpUntil.get();
            return until == 0 ? System.nanoTime() : until; // 0: still held up
        };
        try (IdleWatchdog dog = IdleWatchdog.watch(aborted::countDown, excusedUntil, 100, 0)) {
            assertTrue(consulted.await(10, TimeUnit.SECONDS), "the excuse was asked twice");
            assertFalse(dog.fired(), "no abort while the receiving thread is held up by the client");
            long end = System.nanoTime();
            heldUpUntil.set(end);
            assertTrue(aborted.await(10, TimeUnit.SECONDS), "the silence counts again once the hold-up ends");
            long afterEndMs = (System.nanoTime() - end) / 1_000_000;
            assertTrue(afterEndMs >= 90, "a whole idle limit after the hold-up: " + afterEndMs + " ms");
            assertTrue(dog.failure("chatgpt.com").getMessage().contains("no data"));
        }
    }

    @Test
    void theAnswerDeadlineIsNeverExcused() throws Exception {
        CountDownLatch aborted = new CountDownLatch(1);
        try (IdleWatchdog dog = IdleWatchdog.watch(aborted::countDown, System::nanoTime, 60_000, 200)) {
            assertTrue(aborted.await(10, TimeUnit.SECONDS));
            assertTrue(dog.failure("chatgpt.com").getMessage().contains("did not finish the answer within 0.2 s"));
        }
    }
}
