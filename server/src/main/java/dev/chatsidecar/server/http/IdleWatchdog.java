package dev.chatsidecar.server.http;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.upstream.BackendException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Aborts a response stream on which no byte arrived for a set time, or that is still streaming at an
 * overall deadline (setting {@code http.answerTimeoutMs}, so a trickle of a byte now and then cannot
 * hold a request forever): a timer closes the stream, which
 * unblocks the reading thread with an {@link IOException}; {@link #fired()} then tells that read
 * failure apart from a real network error, and {@link #failure(String)} turns it into the
 * {@code upstream_error} the contract asks for ("no data for N s"). The text streamed so far is kept
 * by the caller (the core adds it as {@code partialText}).
 *
 * <p>Usage: {@code try (IdleWatchdog dog = IdleWatchdog.watch(body, idleMs)) { read dog.stream() }}.
 */
public final class IdleWatchdog implements AutoCloseable {
    private static final ScheduledExecutorService TIMER = timer();

    private final InputStream raw;
    private final long idleNanos;
    private final long idleMs;
    private final InputStream watched;
    private final long deadlineNanos;
    private final long answerMs;
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean fired;
    private volatile boolean deadlinePassed;
    private volatile boolean closed;
    private ScheduledFuture<?> check;

    private IdleWatchdog(InputStream raw, long idleMs, long answerMs) {
        this.raw = raw;
        this.idleMs = idleMs;
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMs);
        this.answerMs = answerMs;
        this.deadlineNanos = answerMs > 0 ? lastActivity + TimeUnit.MILLISECONDS.toNanos(answerMs) : 0;
        this.watched = new FilterInputStream(raw) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                lastActivity = System.nanoTime();
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                lastActivity = System.nanoTime();
                return n;
            }
        };
    }

    /** Starts watching {@code raw}; read through {@link #stream()}. */
    public static IdleWatchdog watch(InputStream raw, long idleMs) {
        return watch(raw, idleMs, 0);
    }

    /**
     * Starts watching {@code raw} for silence and, when {@code answerMs > 0}, for an answer still
     * streaming {@code answerMs} after now.
     */
    public static IdleWatchdog watch(InputStream raw, long idleMs, long answerMs) {
        IdleWatchdog dog = new IdleWatchdog(raw, idleMs, answerMs);
        dog.schedule(dog.nextCheckNanos(0));
        return dog;
    }

    /** The stream to read; each read counts as activity. */
    public InputStream stream() {
        return watched;
    }

    /** Whether the timer closed the stream for lack of data. */
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
        long quiet = now - lastActivity;
        boolean late = deadlineNanos != 0 && now - deadlineNanos >= 0;
        if (quiet >= idleNanos || late) {
            deadlinePassed = late && quiet < idleNanos;
            fired = true;
            try {
                raw.close();
            } catch (IOException ignored) {
                // the reader fails either way
            }
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

    /** Stops the timer (does not close the stream). */
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
