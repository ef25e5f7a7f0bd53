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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ElasticThreadPoolTest {

    @Test
    void growsToTheLimitThenQueuesInOrderThenRefuses() throws Exception {
        ElasticThreadPool pool = new ElasticThreadPool("test-bounded-", 2, 2);
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
            assertEquals(2, pool.poolSize(), "at the limit, tasks wait instead of starting threads");
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
        ElasticThreadPool pool = new ElasticThreadPool("test-bounded-", 8, 8);
        try {
            for (int i = 0; i < 50; i++) {
                CountDownLatch done = new CountDownLatch(1);
                pool.execute(done::countDown);
                assertTrue(done.await(10, TimeUnit.SECONDS));
                Await.until(() -> pool.activeCount() == 0, Duration.ofSeconds(10), "the task's thread to be idle");
            }
            assertEquals(1, pool.largestPoolSize(), "sequential tasks share one thread");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tasksSentInABurstEachGetAThreadWhileThePoolIsBelowItsLimit() throws Exception {
        // A thread that has just been started for a task is not idle, even before it begins that
        // task; counting it as idle queued the next task behind tasks that never finish.
        for (int round = 0; round < 200; round++) {
            ElasticThreadPool pool = new ElasticThreadPool("test-burst-", 64, 64);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(20);
            try {
                executeHeld(pool, 20, started, release);
                assertTrue(started.await(10, TimeUnit.SECONDS),
                        "round " + round + ": all twenty blocking tasks run at once, " + started.getCount() + " waited");
            } finally {
                release.countDown();
                pool.shutdownNow();
            }
        }
    }

    @Test
    void raisingTheLimitStartsThreadsForWaitingTasks() throws Exception {
        ElasticThreadPool pool = new ElasticThreadPool("test-raise-", 1, 4);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(3);
        try {
            executeHeld(pool, 3, started, release);
            Await.until(() -> started.getCount() == 2, Duration.ofSeconds(10), "the first task to start");
            assertEquals(1, pool.poolSize(), "one thread at limit 1, two tasks wait");
            pool.setMaximumPoolSize(3);
            assertTrue(started.await(10, TimeUnit.SECONDS), "the waiting tasks got threads of their own");
            assertEquals(3, pool.poolSize());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void shutdownRunsTheWaitingTasksThenEveryThreadEnds() throws Exception {
        ElasticThreadPool pool = new ElasticThreadPool("test-shutdown-", 1, 4);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> ran = new CopyOnWriteArrayList<>();
        pool.execute(() -> awaitQuietly(release));
        pool.execute(() -> ran.add(1));
        pool.execute(() -> ran.add(2));
        pool.shutdown();
        assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> ran.add(3)));
        release.countDown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(List.of(1, 2), ran);
        assertEquals(0, pool.poolSize());
    }

    @Test
    void anInterruptLeftByOneTaskDoesNotReachTheNext() throws Exception {
        ElasticThreadPool pool = new ElasticThreadPool("test-interrupt-", 1, 4);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch checked = new CountDownLatch(1);
        List<Boolean> interrupted = new CopyOnWriteArrayList<>();
        try {
            pool.execute(() -> {
                awaitQuietly(release);
                Thread.currentThread().interrupt();
            });
            pool.execute(() -> {
                interrupted.add(Thread.currentThread().isInterrupted());
                checked.countDown();
            });
            release.countDown();
            assertTrue(checked.await(10, TimeUnit.SECONDS));
            assertEquals(List.of(false), interrupted, "the second task ran on the same thread, not interrupted");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs {@code count} tasks that each count {@code started} down, then hold their thread until {@code release}. */
    private static void executeHeld(ElasticThreadPool pool, int count, CountDownLatch started, CountDownLatch release) {
        for (int i = 0; i < count; i++) {
            pool.execute(() -> {
                started.countDown();
                awaitQuietly(release);
            });
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
