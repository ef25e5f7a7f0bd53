package dev.chatsidecar.server;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool of daemon threads that grows with the work (one thread per concurrent task, like a cached
 * pool) and gives idle threads back after {@link #KEEP_ALIVE} rather than the JDK's 60 s: after a
 * burst of requests the sidecar's thread count returns to its baseline within seconds. Creating a
 * thread costs tens of microseconds, nothing next to a chat request.
 */
public final class ElasticThreadPool {
    /** How long an idle thread waits for new work before it ends. */
    public static final Duration KEEP_ALIVE = Duration.ofSeconds(3);

    private ElasticThreadPool() {
    }

    /** A new pool whose threads are named {@code prefix + n}. */
    public static ExecutorService create(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS,
                new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }
}
