package dev.chatsidecar.server;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The request workers: a pool of daemon threads that grows with the work and shrinks when idle.
 * A task goes to an idle thread if there is one, else to a new thread while the pool is below
 * its limit, else it waits in arrival order in a queue of fixed capacity, else it is refused with
 * {@link RejectedExecutionException}. Idle threads end after {@link #KEEP_ALIVE} (the JDK's
 * cached pool keeps them 60 s), so after a burst the thread count returns to its baseline within
 * seconds.
 *
 * <p>All decisions are taken under one lock that also guards the count of threads waiting for
 * work, so a task is only queued while the pool is below its limit when a waiting thread is
 * certain to take it. (A {@code ThreadPoolExecutor} with a "grow first" queue cannot know this:
 * its active count leaves out a thread just started for a task, and a burst of requests could
 * queue one behind requests that hold their threads for minutes.)
 */
public final class ElasticThreadPool extends AbstractExecutorService {
    /** How long an idle thread waits for new work before it ends. */
    public static final Duration KEEP_ALIVE = Duration.ofSeconds(3);

    private final String prefix;
    private final int queueCapacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workArrived = lock.newCondition();
    private final Condition allEnded = lock.newCondition();
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private final Set<Thread> threads = new HashSet<>();
    private int maxThreads;
    private int waitingThreads;
    private int largestPoolSize;
    private int started;
    private boolean shutdown;
    private boolean stopping;

    /** Threads are named {@code prefix + n}; at most {@code maxThreads} run, at most {@code queueCapacity} tasks wait. */
    public ElasticThreadPool(String prefix, int maxThreads, int queueCapacity) {
        if (maxThreads < 1 || queueCapacity < 0) {
            throw new IllegalArgumentException("maxThreads must be at least 1 and queueCapacity not negative");
        }
        this.prefix = prefix;
        this.maxThreads = maxThreads;
        this.queueCapacity = queueCapacity;
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        lock.lock();
        try {
            if (shutdown) {
                throw new RejectedExecutionException("the pool is shut down");
            }
            if (waitingThreads > queue.size()) {
                queue.add(task);
                workArrived.signal();
            } else if (threads.size() < maxThreads && tryStart(task)) {
                return;
            } else if (queue.size() < queueCapacity && !threads.isEmpty()) {
                queue.add(task);
            } else {
                throw new RejectedExecutionException("the queue of waiting tasks is full");
            }
        } finally {
            lock.unlock();
        }
    }

    /** Changes the thread limit; a raised limit starts threads for tasks that were waiting. */
    public void setMaximumPoolSize(int maxThreads) {
        if (maxThreads < 1) {
            throw new IllegalArgumentException("maxThreads must be at least 1");
        }
        lock.lock();
        try {
            this.maxThreads = maxThreads;
            while (threads.size() < maxThreads && queue.size() > waitingThreads && tryStart(queue.peek())) {
                queue.poll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Threads alive now. */
    public int poolSize() {
        return locked(() -> threads.size());
    }

    /** Threads alive now that are not waiting for work. */
    public int activeCount() {
        return locked(() -> threads.size() - waitingThreads);
    }

    /** The most threads that were ever alive at once. */
    public int largestPoolSize() {
        return locked(() -> largestPoolSize);
    }

    @Override
    public void shutdown() {
        lock.lock();
        try {
            shutdown = true;
            workArrived.signalAll();
            signalIfEnded();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        lock.lock();
        try {
            shutdown = true;
            stopping = true;
            List<Runnable> neverRun = new ArrayList<>(queue);
            queue.clear();
            threads.forEach(Thread::interrupt);
            workArrived.signalAll();
            signalIfEnded();
            return neverRun;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isShutdown() {
        return locked(() -> shutdown);
    }

    @Override
    public boolean isTerminated() {
        return locked(() -> shutdown && threads.isEmpty());
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (!(shutdown && threads.isEmpty())) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = allEnded.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Starts a thread whose first task is {@code first}; false when the system has no thread to give. Holds the lock. */
    private boolean tryStart(Runnable first) {
        Thread thread = new Thread(() -> work(first), prefix + (++started));
        thread.setDaemon(true);
        threads.add(thread);
        try {
            thread.start();
        } catch (OutOfMemoryError | RuntimeException e) {
            threads.remove(thread);
            return false;
        }
        largestPoolSize = Math.max(largestPoolSize, threads.size());
        return true;
    }

    private void work(Runnable first) {
        Thread self = Thread.currentThread();
        boolean ended = false;
        try {
            for (Runnable task = first; task != null; task = nextTask(self)) {
                run(self, task);
            }
            ended = true;
        } finally {
            if (!ended) {
                end(self);
            }
        }
    }

    private void run(Thread self, Runnable task) {
        if (!isStopping()) {
            Thread.interrupted(); // an interrupt meant for the last task must not reach this one
        }
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            self.getUncaughtExceptionHandler().uncaughtException(self, e);
        }
    }

    /** The next task, waiting up to {@link #KEEP_ALIVE} for one; null (and this thread is gone from the pool) when there is none. */
    private Runnable nextTask(Thread self) {
        long nanos = KEEP_ALIVE.toNanos();
        lock.lock();
        try {
            while (true) {
                Runnable task = stopping ? null : queue.poll();
                if (task != null) {
                    return task;
                }
                if (shutdown || nanos <= 0) {
                    removeLocked(self);
                    return null;
                }
                waitingThreads++;
                try {
                    nanos = workArrived.awaitNanos(nanos);
                } catch (InterruptedException e) {
                    // only shutdownNow interrupts an idle worker on purpose; it sets stopping first
                } finally {
                    waitingThreads--;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean isStopping() {
        return locked(() -> stopping);
    }

    private <T> T locked(Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    private void end(Thread self) {
        lock.lock();
        try {
            removeLocked(self);
        } finally {
            lock.unlock();
        }
    }

    private void removeLocked(Thread self) {
        threads.remove(self);
        signalIfEnded();
    }

    private void signalIfEnded() {
        if (shutdown && threads.isEmpty()) {
            allEnded.signalAll();
        }
    }
}
