package dev.chatsidecar.server.backend;

import dev.chatsidecar.protocol.ModelInfo;
import dev.chatsidecar.server.log.Log;
import dev.chatsidecar.server.settings.Settings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs backends' {@link ChatBackend#models} (and {@link ChatBackend#refresh}) each on a thread of
 * its own, so that a backend that hangs (a black-holed server, a slow disk) delays nobody else.
 * One listing per backend and settings runs at a time; callers asking meanwhile share it. Keeps the
 * last models each backend listed, to show while a newer listing is still running. Idle threads end
 * after a few seconds.
 */
final class ModelListings {
    private static final Log LOG = Log.get(ModelListings.class);

    private record Key(ChatBackend backend, Settings settings, boolean refresh) {
    }

    private final ThreadPoolExecutor threads;
    private final Map<Key, CompletableFuture<List<ModelInfo>>> running = new ConcurrentHashMap<>();
    private final Map<ChatBackend, List<ModelInfo>> lastSeen = new ConcurrentHashMap<>();

    ModelListings() {
        AtomicInteger count = new AtomicInteger();
        threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 3, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, "model-listing-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The backend's models under {@code settings}, re-checked first when {@code refresh}; joins a running listing. */
    CompletableFuture<List<ModelInfo>> start(ChatBackend backend, Settings settings, boolean refresh) {
        Key key = new Key(backend, settings, refresh);
        CompletableFuture<List<ModelInfo>> created = new CompletableFuture<>();
        CompletableFuture<List<ModelInfo>> existing = running.putIfAbsent(key, created);
        if (existing != null) {
            return existing;
        }
        try {
            threads.execute(() -> run(key, created));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            running.remove(key, created);
            created.complete(lastSeen(backend));
        }
        return created;
    }

    /** Runs {@code task} on a listing thread (dropped when the catalog is closed). */
    void execute(Runnable task) {
        try {
            threads.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException bug) {
                    LOG.error("model availability check failed (a bug)", bug);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("catalog closed; availability check dropped");
        }
    }

    private void run(Key key, CompletableFuture<List<ModelInfo>> result) {
        List<ModelInfo> models;
        try {
            if (key.refresh()) {
                key.backend().refresh(key.settings());
            }
            models = List.copyOf(key.backend().models(key.settings()));
            lastSeen.put(key.backend(), models);
        } catch (RuntimeException | Error bug) {
            LOG.error("the " + key.backend().provider() + " backend failed to list its models (a bug)", bug);
            models = lastSeen(key.backend());
        }
        running.remove(key, result);
        result.complete(models);
    }

    /**
     * What to show while the backend has not answered: the models it listed last, marked not yet
     * checked, or one placeholder {@code <prefix>*} when it never listed any.
     */
    List<ModelInfo> lastSeen(ChatBackend backend) {
        List<ModelInfo> last = lastSeen.get(backend);
        if (last == null) {
            String id = backend.idPrefix().isEmpty() ? backend.provider() + "/*" : backend.idPrefix() + "*";
            return List.of(new ModelInfo(id, backend.provider() + " (still checking)", backend.provider(), List.of()));
        }
        return last.stream().map(m -> m.available ? m.unchecked() : m).toList();
    }

    void close() {
        threads.shutdownNow();
    }
}
