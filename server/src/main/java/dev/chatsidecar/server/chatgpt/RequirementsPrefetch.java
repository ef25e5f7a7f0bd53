package dev.chatsidecar.server.chatgpt;

import dev.chatsidecar.server.log.Log;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Holds at most one requirements answer fetched ahead of need per session. After a request consumed
 * its token, {@link #refill} fetches the next one on a background thread (the backend is idle then);
 * {@link #take} hands it to the next request — waiting for it if it is still on its way — and falls
 * back to a fetch of its own when there is none, it failed, it is older than the maximum age, or it
 * belongs to another session or HTTP client (settings changed). Each answer is handed out once.
 */
final class RequirementsPrefetch implements AutoCloseable {
    private static final Log LOG = Log.get(RequirementsPrefetch.class);

    private final RequirementsStage stage;
    private final SessionPool sessions;
    private final Clock clock;
    private final Duration maxAge;
    private final ExecutorService background;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    /** @param enabled {@code false} turns prefetching off: every request fetches its own */
    RequirementsPrefetch(RequirementsStage stage, SessionPool sessions, Clock clock, Duration maxAge, boolean enabled) {
        this.stage = stage;
        this.sessions = sessions;
        this.clock = clock;
        this.maxAge = maxAge;
        this.background = enabled ? Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "chatgpt-prefetch");
            thread.setDaemon(true);
            return thread;
        }) : null;
    }

    private record Pending(ChatGptSession session, HttpClient client, CompletableFuture<Requirements> future,
                           CancelSignal cancel) {
    }

    /** Requirements for one request: the prefetched ones when usable, else fetched now. */
    Requirements take(ChatGptSession session, HttpClient client, CancelSignal cancel) throws BackendException {
        Pending ready = pending.remove(session.endpoint().sessionKey());
        if (ready != null) {
            if (ready.session == session && ready.client == client) {
                Requirements requirements = await(ready.future, cancel);
                if (requirements != null && requirements.usableAt(clock.millis(), maxAge.toMillis())) {
                    return requirements;
                }
                LOG.debug("prefetched chat requirements unusable (failed or too old); fetching now");
            } else {
                ready.cancel.cancel();
            }
        }
        return stage.fetch(session, client, cancel);
    }

    /** Starts fetching the next requirements for {@code session} in the background. */
    void refill(ChatGptSession session, HttpClient client) {
        if (background == null || background.isShutdown()) {
            return;
        }
        CancelSignal cancel = new CancelSignal();
        CompletableFuture<Requirements> future = new CompletableFuture<>();
        Pending next = new Pending(session, client, future, cancel);
        Pending previous = pending.put(session.endpoint().sessionKey(), next);
        if (previous != null) {
            previous.cancel.cancel();
        }
        try {
            background.execute(() -> {
                try {
                    future.complete(stage.fetch(session, client, cancel));
                } catch (BackendException e) {
                    LOG.debug("prefetching chat requirements failed: " + e.type() + ": " + e.getMessage());
                    if (ChatGptBackend.refusesSession(e)) {
                        sessions.invalidate(session);
                    }
                    future.completeExceptionally(e);
                } catch (RuntimeException e) {
                    LOG.warn("prefetching chat requirements failed unexpectedly: " + e);
                    future.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.remove(session.endpoint().sessionKey(), next);
        }
    }

    /** The prefetched value, {@code null} when it failed; throws when {@code cancel} fires while waiting. */
    @SuppressWarnings("try") // the registration is held for its scope only
    private static Requirements await(CompletableFuture<Requirements> future, CancelSignal cancel)
            throws BackendException {
        CompletableFuture<Object> cancelled = new CompletableFuture<>();
        try (CancelSignal.Registration ignored = cancel.onCancel(() -> cancelled.complete(null))) {
            CompletableFuture.anyOf(future, cancelled).exceptionally(e -> null).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BackendException.cancelled();
        } catch (ExecutionException e) {
            return null;
        }
        cancel.throwIfCancelled();
        try {
            return future.getNow(null);
        } catch (CancellationException | java.util.concurrent.CompletionException e) {
            return null;
        }
    }

    /** Whether requirements for {@code endpoint}'s session have arrived and wait for the next request. */
    boolean ready(ChatGptEndpoint endpoint) {
        Pending waiting = pending.get(endpoint.sessionKey());
        return waiting != null && waiting.future.isDone() && !waiting.future.isCompletedExceptionally();
    }

    @Override
    public void close() {
        pending.values().forEach(p -> p.cancel.cancel());
        pending.clear();
        if (background != null) {
            background.shutdownNow();
        }
    }
}
