package dev.chatsidecar.server;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
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
     * A pool of at most {@code maxThreads}: tasks beyond it wait in order in a queue of
     * {@code queueCapacity}, and {@code execute} throws {@link java.util.concurrent.RejectedExecutionException}
     * when that is full.
     */
    public static ThreadPoolExecutor bounded(String prefix, int maxThreads, int queueCapacity) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(maxThreads, maxThreads, KEEP_ALIVE.toMillis(),
                TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(queueCapacity), named(prefix));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Changes the thread limit of a {@link #bounded} pool. */
    public static void resize(ThreadPoolExecutor pool, int maxThreads) {
        if (maxThreads > pool.getMaximumPoolSize()) {
            pool.setMaximumPoolSize(maxThreads);
            pool.setCorePoolSize(maxThreads);
        } else {
            pool.setCorePoolSize(maxThreads);
            pool.setMaximumPoolSize(maxThreads);
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
