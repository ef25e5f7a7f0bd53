package dev.chatsidecar.server.http;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.upstream.BackendException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Aborts a response body on which no byte arrived for a set time, or that is still streaming at an
 * overall deadline (setting {@code http.answerTimeoutMs}, so a trickle of a byte now and then cannot
 * hold a request forever): a timer runs the abort (which ends the body and its connection);
 * {@link #fired()} then tells that failure apart from a real network error, and
 * {@link #failure(String)} turns it into the {@code upstream_error} the contract asks for ("no data
 * for N s"). The text streamed so far is kept by the caller (the core adds it as {@code partialText}).
 *
 * <p>Usage: {@code try (IdleWatchdog dog = IdleWatchdog.watch(body::abort, excusedUntil, idleMs, answerMs)) { ... }},
 * with {@link #activity()} called for every arrival.
 */
public final class IdleWatchdog implements AutoCloseable {
    private static final ScheduledExecutorService TIMER = timer();

    private final Runnable abort;
    private final LongSupplier excusedUntil;
    private final long idleNanos;
    private final long idleMs;
    private final long deadlineNanos;
    private final long answerMs;
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean fired;
    private volatile boolean deadlinePassed;
    private volatile boolean closed;
    private ScheduledFuture<?> check;

    private IdleWatchdog(Runnable abort, LongSupplier excusedUntil, long idleMs, long answerMs) {
        this.abort = abort;
        this.excusedUntil = excusedUntil;
        this.idleMs = idleMs;
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMs);
        this.answerMs = answerMs;
        this.deadlineNanos = answerMs > 0 ? lastActivity + TimeUnit.MILLISECONDS.toNanos(answerMs) : 0;
    }

    /**
     * Starts watching a body for silence and, when {@code answerMs > 0}, for an answer still
     * streaming {@code answerMs} after now: the receiver of the body calls {@link #activity()} for
     * each arrival, and a silence or the deadline runs {@code abort} (once, on the timer's thread).
     * Silence up to {@code excusedUntil} (a {@link System#nanoTime()}) is not held against the
     * upstream: the quiet was this process's own doing (the thread that receives the body was held up
     * by the client); the deadline always counts.
     */
    public static IdleWatchdog watch(Runnable abort, LongSupplier excusedUntil, long idleMs, long answerMs) {
        IdleWatchdog dog = new IdleWatchdog(abort, excusedUntil, idleMs, answerMs);
        dog.schedule(dog.nextCheckNanos(0));
        return dog;
    }

    /** Bytes arrived. */
    public void activity() {
        lastActivity = System.nanoTime();
    }

    /** Whether the timer aborted the body (silence or deadline). */
    public boolean fired() {
        return fired;
    }

    /**
     * The error for a stream the timer closed.
     *
     * @param service who stopped sending, e.g. {@code chatgpt.com}
     */
    public BackendException failure(String service) {
        if (deadlinePassed) {
            return new BackendException(ErrorType.UPSTREAM_ERROR,
                    service + " did not finish the answer within " + seconds(answerMs) + " s (data kept trickling in).",
                    "Try again; for answers that legitimately take longer, raise http.answerTimeoutMs "
                            + "(CHAT_SIDECAR_ANSWER_TIMEOUT_MS; 0 = no limit).", true);
        }
        String seconds = idleMs % 1000 == 0 ? String.valueOf(idleMs / 1000) : String.format(java.util.Locale.ROOT, "%.1f", idleMs / 1000.0);
        return new BackendException(ErrorType.UPSTREAM_ERROR,
                service + " stopped sending the answer: no data for " + seconds + " s.",
                "Try again; if answers often stall, check your network or raise http.idleTimeoutMs "
                        + "(CHAT_SIDECAR_IDLE_TIMEOUT_MS).", true);
    }

    private synchronized void schedule(long delayNanos) {
        if (closed) {
            return;
        }
        check = TIMER.schedule(this::checkIdle, Math.max(delayNanos, TimeUnit.MILLISECONDS.toNanos(1)),
                TimeUnit.NANOSECONDS);
    }

    private void checkIdle() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        long since = lastActivity;
        long excused = excusedUntil.getAsLong();
        if (excused - since > 0) {
            since = excused;
        }
        long quiet = now - since;
        boolean late = deadlineNanos != 0 && now - deadlineNanos >= 0;
        if (quiet >= idleNanos || late) {
            deadlinePassed = late && quiet < idleNanos;
            fired = true;
            abort.run();
        } else {
            schedule(nextCheckNanos(quiet));
        }
    }

    /** Nanoseconds until the stream may be idle for too long or the deadline passes, whichever is first. */
    private long nextCheckNanos(long quiet) {
        long next = idleNanos - quiet;
        if (deadlineNanos != 0) {
            next = Math.min(next, deadlineNanos - System.nanoTime());
        }
        return next;
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? String.valueOf(millis / 1000)
                : String.format(java.util.Locale.ROOT, "%.1f", millis / 1000.0);
    }

    /** Stops the timer (does not abort anything). */
    @Override
    public synchronized void close() {
        closed = true;
        if (check != null) {
            check.cancel(false);
        }
    }

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "http-idle-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
