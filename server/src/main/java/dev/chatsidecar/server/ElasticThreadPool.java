package dev.chatsidecar.server;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pools of daemon threads that give idle threads back after {@link #KEEP_ALIVE} rather than the
 * JDK's 60 s: after a burst of requests the sidecar's thread count returns to its baseline within
 * seconds. Creating a thread costs tens of microseconds, nothing next to a chat request.
 */
public final class ElasticThreadPool {
    /** How long an idle thread waits for new work before it ends. */
    public static final Duration KEEP_ALIVE = Duration.ofSeconds(3);

    private ElasticThreadPool() {
    }

    /** A pool that grows with the work, one thread per concurrent task; threads are named {@code prefix + n}. */
    public static ExecutorService create(String prefix) {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS,
                new SynchronousQueue<>(), named(prefix));
    }

    /**
     * A pool that grows like {@link #create} (an idle thread takes a task, else a new thread starts)
     * up to {@code maxThreads}; beyond that tasks wait in arrival order in a queue of
     * {@code queueCapacity}, and {@code execute} throws {@link RejectedExecutionException} when that
     * is full. (A plain {@link ThreadPoolExecutor} either queues before it grows, or starts a thread
     * per task up to its core size even when threads are idle.)
     */
    public static ThreadPoolExecutor bounded(String prefix, int maxThreads, int queueCapacity) {
        GrowFirstQueue queue = new GrowFirstQueue(queueCapacity);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, maxThreads, KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS,
                queue, named(prefix), (task, executor) -> {
                    if (executor.isShutdown() || !queue.enqueue(task)) {
                        throw new RejectedExecutionException("the queue of waiting tasks is full");
                    }
                });
        queue.pool = pool;
        return pool;
    }

    /** Changes the thread limit of a {@link #bounded} pool. */
    public static void resize(ThreadPoolExecutor pool, int maxThreads) {
        pool.setMaximumPoolSize(maxThreads);
    }

    /**
     * Declines a task (so the executor starts a thread) while the pool is below its limit and no
     * thread is idle; at the limit it queues. The executor's rejection handler queues a task that
     * lost a race for the last thread.
     */
    private static final class GrowFirstQueue extends LinkedBlockingQueue<Runnable> {
        private static final long serialVersionUID = 1L;
        private transient ThreadPoolExecutor pool;

        GrowFirstQueue(int capacity) {
            super(capacity);
        }

        @Override
        public boolean offer(Runnable task) {
            boolean idleThread = pool.getActiveCount() + size() < pool.getPoolSize();
            if (!idleThread && pool.getPoolSize() < pool.getMaximumPoolSize()) {
                return false;
            }
            return super.offer(task);
        }

        boolean enqueue(Runnable task) {
            return super.offer(task);
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
