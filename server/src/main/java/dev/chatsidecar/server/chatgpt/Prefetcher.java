package dev.chatsidecar.server.chatgpt;

import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import dev.chatsidecar.server.log.Log;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;

/**
 * Single-use values (sentinel tokens, conduit tokens) fetched ahead of need, one per slot, on one
 * background thread. After a request consumed its value, {@link #refill} fetches the next one while
 * the backend is idle; {@link #take} hands it to the next request — waiting for it if it is still on
 * its way — and falls back to a fetch of its own when there is none, it failed, it is not
 * {@code usable} (too old), or it belongs to another session or HTTP client (settings changed).
 * Each value is handed out once. Thread-safe.
 *
 * @param <V> the value
 */
final class Prefetcher<V> implements AutoCloseable {
    private static final Log LOG = Log.get(Prefetcher.class);

    /** Fetches a value on the calling thread. */
    interface Fetch<V> {
        V fetch(ChatGptSession session, HttpClient client, CancelSignal cancel) throws BackendException;
    }

    private final String what;
    private final SessionPool sessions;
    private final ExecutorService background;
    private final Map<String, Pending<V>> pending = new ConcurrentHashMap<>();

    /**
     * @param what    names the values in logs
     * @param enabled {@code false} turns prefetching off: every request fetches its own
     */
    Prefetcher(String what, SessionPool sessions, boolean enabled) {
        this.what = what;
        this.sessions = sessions;
        this.background = enabled ? Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "chatgpt-prefetch-" + what);
            thread.setDaemon(true);
            return thread;
        }) : null;
    }

    private record Pending<V>(ChatGptSession session, HttpClient client, CompletableFuture<V> future,
                              CancelSignal cancel) {
    }

    /** The value for slot {@code slot}: the prefetched one when usable, else {@code now}'s. */
    V take(String slot, ChatGptSession session, HttpClient client, CancelSignal cancel, Predicate<V> usable,
           Fetch<V> now) throws BackendException {
        Pending<V> ready = pending.remove(slot);
        if (ready != null) {
            if (ready.session == session && ready.client == client) {
                V value = await(ready.future, cancel);
                if (value != null && usable.test(value)) {
                    return value;
                }
                LOG.debug("prefetched " + what + " unusable (failed or too old); fetching now");
            } else {
                ready.cancel.cancel();
            }
        }
        return now.fetch(session, client, cancel);
    }

    /** Starts fetching the next value of slot {@code slot} in the background. */
    void refill(String slot, ChatGptSession session, HttpClient client, Fetch<V> fetch) {
        if (background == null || background.isShutdown()) {
            return;
        }
        CancelSignal cancel = new CancelSignal();
        CompletableFuture<V> future = new CompletableFuture<>();
        Pending<V> next = new Pending<>(session, client, future, cancel);
        Pending<V> previous = pending.put(slot, next);
        if (previous != null) {
            previous.cancel.cancel();
        }
        try {
            background.execute(() -> run(session, client, fetch, future, cancel));
        } catch (RejectedExecutionException e) {
            pending.remove(slot, next);
        }
    }

    /** Drops every waiting value whose slot starts with {@code prefix}, except slot {@code keep}. */
    void discard(String prefix, String keep) {
        pending.entrySet().removeIf(entry -> {
            boolean match = entry.getKey().startsWith(prefix) && !entry.getKey().equals(keep);
            if (match) {
                entry.getValue().cancel.cancel();
            }
            return match;
        });
    }

    private void run(ChatGptSession session, HttpClient client, Fetch<V> fetch, CompletableFuture<V> future,
                     CancelSignal cancel) {
        try {
            future.complete(fetch.fetch(session, client, cancel));
        } catch (BackendException e) {
            LOG.debug("prefetching " + what + " failed: " + e.type() + ": " + e.getMessage());
            if (ChatGptBackend.refusesSession(e)) {
                sessions.invalidate(session);
            }
            future.completeExceptionally(e);
        } catch (RuntimeException e) {
            LOG.warn("prefetching " + what + " failed unexpectedly: " + e);
            future.completeExceptionally(e);
        }
    }

    /** The prefetched value, {@code null} when it failed; throws when {@code cancel} fires while waiting. */
    @SuppressWarnings("try") // the registration is held for its scope only
    private static <V> V await(CompletableFuture<V> future, CancelSignal cancel) throws BackendException {
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
        } catch (CancellationException | CompletionException e) {
            return null;
        }
    }

    /** Whether slot {@code slot} holds a value that has arrived or is on its way (not a failed one). */
    boolean holds(String slot) {
        Pending<V> waiting = pending.get(slot);
        return waiting != null && !waiting.future.isCompletedExceptionally();
    }

    /** Whether every value being fetched for a slot starting with {@code prefix} has arrived (or failed). */
    boolean settled(String prefix) {
        return pending.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .allMatch(e -> e.getValue().future.isDone());
    }

    /** Whether the value of {@code slot} has arrived and waits for the next request. */
    boolean ready(String slot) {
        Pending<V> waiting = pending.get(slot);
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
