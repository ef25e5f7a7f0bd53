package dev.chatsidecar.server.backend;

import dev.chatsidecar.server.settings.Settings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * While a backend the client was shown is down (some model unavailable after a real contact, see
 * {@link ChatBackend#worthRechecking}), checks it again now and then — after {@code firstDelayMs},
 * then twice as long each time up to {@link #MAX_DELAY_MS} — so that a server that comes back is
 * noticed ({@code chat/modelsChanged}) without waiting for a request. One daemon timer thread,
 * alive only while some check is pending.
 */
final class Rechecks {
    static final long FIRST_DELAY_MS = 15_000;
    static final long MAX_DELAY_MS = 300_000;

    private final long firstDelayMs;
    private final BiConsumer<ChatBackend, Settings> check;
    private final ScheduledThreadPoolExecutor timer;
    private final Map<ChatBackend, Long> delays = new ConcurrentHashMap<>();
    private final Map<ChatBackend, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();

    /** @param check re-checks one backend (asynchronously) and reports back through {@link #observed} */
    Rechecks(long firstDelayMs, BiConsumer<ChatBackend, Settings> check) {
        this.firstDelayMs = firstDelayMs;
        this.check = check;
        this.timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "model-recheck");
            thread.setDaemon(true);
            return thread;
        });
        timer.setKeepAliveTime(3, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        timer.setRemoveOnCancelPolicy(true);
    }

    /** What the client is shown now: schedules the next check while {@code down}, stops checking once up. */
    synchronized void observed(ChatBackend backend, Settings settings, boolean down) {
        ScheduledFuture<?> next = pending.get(backend);
        if (!down || !backend.worthRechecking(settings)) {
            delays.remove(backend);
            if (next != null) {
                next.cancel(false);
                pending.remove(backend);
            }
            return;
        }
        if (next != null && !next.isDone()) {
            return;
        }
        long delay = delays.merge(backend, firstDelayMs, (previous, first) -> Math.min(previous * 2, MAX_DELAY_MS));
        try {
            pending.put(backend, timer.schedule(() -> check.accept(backend, settings), delay, TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // the catalog is closed: nothing more to watch
        }
    }

    void close() {
        timer.shutdownNow();
    }
}
