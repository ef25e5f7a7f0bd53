package dev.chatsidecar.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.server.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ElasticThreadPoolTest {

    @Test
    void growsToTheLimitThenQueuesInOrderThenRefuses() throws Exception {
        ThreadPoolExecutor pool = ElasticThreadPool.bounded("test-bounded-", 2, 2);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch releaseSecond = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        List<Integer> order = new CopyOnWriteArrayList<>();
        try {
            for (CountDownLatch release : List.of(releaseFirst, releaseSecond)) {
                pool.execute(() -> {
                    started.countDown();
                    awaitQuietly(release);
                });
            }
            assertTrue(started.await(10, TimeUnit.SECONDS), "two tasks run at once: a thread each");
            pool.execute(() -> order.add(1));
            pool.execute(() -> order.add(2));
            assertEquals(2, pool.getPoolSize(), "at the limit, tasks wait instead of starting threads");
            assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> order.add(3)));
            // one thread comes free: it takes the waiting tasks one after the other, oldest first
            releaseFirst.countDown();
            Await.until(() -> order.size() == 2, Duration.ofSeconds(10), "the queued tasks");
            assertEquals(List.of(1, 2), order, "in arrival order");
        } finally {
            releaseSecond.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void anIdleThreadTakesTheNextTaskInsteadOfANewThread() throws Exception {
        ThreadPoolExecutor pool = ElasticThreadPool.bounded("test-bounded-", 8, 8);
        try {
            for (int i = 0; i < 50; i++) {
                CountDownLatch done = new CountDownLatch(1);
                pool.execute(done::countDown);
                assertTrue(done.await(10, TimeUnit.SECONDS));
                Await.until(() -> pool.getActiveCount() == 0, Duration.ofSeconds(10), "the task's thread to be idle");
            }
            assertEquals(1, pool.getLargestPoolSize(), "sequential tasks share one thread");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
