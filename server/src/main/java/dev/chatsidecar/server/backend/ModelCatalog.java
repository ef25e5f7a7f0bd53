package dev.chatsidecar.server.backend;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.protocol.ModelInfo;
import dev.chatsidecar.server.log.Log;
import dev.chatsidecar.server.settings.SettingKey;
import dev.chatsidecar.server.settings.Settings;
import dev.chatsidecar.server.upstream.BackendException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * All backends' models, and the routing rule. A model id belongs to one backend: the one whose
 * {@link ChatBackend#idPrefix() prefix} it carries, else the backend of bare ids. That backend alone
 * decides ({@link ChatBackend#route}); no id is ever answered by another backend (only the
 * {@code fallback} setting moves a request on, and {@code CompletionRun} reports it). A missing id
 * means the {@code defaultModel} setting.
 *
 * <p>Listing asks every backend at once, each on its own thread ({@link ModelListings}), and waits
 * at most {@link #LIST_WAIT_MS} for each: a slow backend is shown as not yet checked instead of
 * delaying the others. When availability changes (a request's outcome, a listing that finished
 * late, a refresh) the {@linkplain #onChange listener} hears of it.
 */
public final class ModelCatalog {
    private static final Log LOG = Log.get(ModelCatalog.class);
    /** How long {@code chat/models} waits for one backend's list. */
    public static final long LIST_WAIT_MS = 2_000;
    /** How long {@code chat/models} with {@code refresh} waits for one backend's re-check. */
    public static final long REFRESH_WAIT_MS = 6_000;

    private final List<ChatBackend> backends;
    private final ModelListings listings;
    private final long listWaitMs;
    private final long refreshWaitMs;
    /** Per backend, the availability of each id the client was last shown: what a change is measured against. */
    private final Map<ChatBackend, Map<String, Boolean>> shown = new ConcurrentHashMap<>();
    private volatile Runnable listener = () -> { };
    private final Rechecks rechecks;

    public ModelCatalog(List<ChatBackend> backends) {
        this(backends, LIST_WAIT_MS, REFRESH_WAIT_MS, Rechecks.FIRST_DELAY_MS);
    }

    /** @param recheckMs how long after a backend was seen down it is first checked again (then doubling) */
    public ModelCatalog(List<ChatBackend> backends, long listWaitMs, long refreshWaitMs, long recheckMs) {
        this.backends = List.copyOf(backends);
        this.listings = new ModelListings();
        this.listWaitMs = listWaitMs;
        this.refreshWaitMs = refreshWaitMs;
        this.rechecks = new Rechecks(recheckMs, (backend, settings) ->
                listings.start(backend, settings, true).thenAccept(models -> compare(backend, settings, models)));
    }

    /** Called (on any thread) whenever some model's availability changed since the last listing. */
    public void onChange(Runnable listener) {
        this.listener = listener;
    }

    /** A listing: every model, with {@code isDefault} set on the default one, and the default's id. */
    public record Listing(List<ModelInfo> models, String defaultModel) {
    }

    /** Every model, each backend asked in parallel; {@code refresh} re-checks each backend first. */
    public Listing listing(Settings settings, boolean refresh) {
        List<CompletableFuture<List<ModelInfo>>> futures = new ArrayList<>();
        for (ChatBackend backend : backends) {
            CompletableFuture<List<ModelInfo>> future = listings.start(backend, settings, refresh);
            futures.add(future);
        }
        long wait = refresh ? refreshWaitMs : listWaitMs;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
        List<ModelInfo> models = new ArrayList<>();
        boolean changed = false;
        for (int i = 0; i < backends.size(); i++) {
            ChatBackend backend = backends.get(i);
            List<ModelInfo> listed = await(backend, futures.get(i), deadline);
            Map<String, Boolean> now = availability(listed);
            synchronized (shown) {
                Map<String, Boolean> before = shown.put(backend, now);
                changed |= before != null && !before.equals(now);
            }
            rechecks.observed(backend, settings, anyUnavailable(listed));
            // a late answer (or one that raced this listing) may differ from what the client is shown now
            futures.get(i).thenAccept(late -> compare(backend, settings, late));
            models.addAll(listed);
        }
        if (changed) {
            LOG.info("model availability changed since the last listing");
            listener.run(); // e.g. a refresh found a server back: other views of the list should re-fetch
        }
        return new Listing(models, markDefault(models, settings));
    }

    /** Every model (see {@link #listing}). */
    public List<ModelInfo> list(Settings settings) {
        return listing(settings, false).models();
    }

    /** The id of the default model. */
    public String defaultModel(Settings settings) {
        return listing(settings, false).defaultModel();
    }

    /**
     * The model a request naming {@code requested} goes to ({@code null} or blank: the default).
     * Asks only the backend the id belongs to.
     *
     * @throws BackendException {@code invalid_request} when that backend has no such model, or
     *                          {@code unreachable} when it cannot serve at all
     */
    public Resolved route(String requested, Settings settings) throws BackendException {
        if (requested != null && !requested.isBlank()) {
            return routeExactly(requested.trim(), settings);
        }
        String configured = settings.string(SettingKey.DEFAULT_MODEL);
        if (settings.isSet(SettingKey.DEFAULT_MODEL) && configured != null && !configured.isBlank()) {
            return routeExactly(configured.trim(), settings);
        }
        try {
            return routeExactly(SettingKey.DEFAULT_MODEL.defaultValue(), settings);
        } catch (BackendException e) {
            // no backend serves the built-in default (a sidecar without ChatGPT): the first listed model
            for (ChatBackend backend : backends) {
                List<ModelInfo> models = backend.models(settings);
                if (!models.isEmpty()) {
                    return new Resolved(models.get(0), backend);
                }
            }
            throw e;
        }
    }

    private Resolved routeExactly(String id, Settings settings) throws BackendException {
        ChatBackend owner = owner(id, settings);
        if (owner == null) {
            throw new BackendException(ErrorType.INVALID_REQUEST, "Unknown model \"" + id + "\": no backend serves "
                    + "ids like it.", "Model ids are bare for ChatGPT (auto, gpt-4o-mini, ...), openai/<model> "
                    + "for an OpenAI-compatible server and local/<name> for the embedded model; see chat/models.",
                    false);
        }
        return new Resolved(owner.route(id, settings), owner);
    }

    /** The backend {@code id} belongs to, or {@code null}. */
    private ChatBackend owner(String id, Settings settings) {
        for (ChatBackend backend : backends) {
            String prefix = backend.idPrefix();
            if (!prefix.isEmpty() && (id.startsWith(prefix) || id.equals(stripSlash(prefix)))) {
                return backend;
            }
        }
        if (id.contains("/")) {
            return null;
        }
        List<ChatBackend> bare = backends.stream().filter(b -> b.idPrefix().isEmpty()).toList();
        if (bare.size() > 1) { // only test set-ups have several: the one that lists the id
            for (ChatBackend backend : bare) {
                if (ModelRouting.find(backend.models(settings), id) != null) {
                    return backend;
                }
            }
        }
        return bare.isEmpty() ? null : bare.get(0);
    }

    /**
     * Tells the backend (in the background: a backend may hold a lock while it lists) what a real
     * request showed, then checks whether that changed its models' availability.
     */
    public void contacted(ChatBackend backend, Settings settings, BackendException failure) {
        listings.execute(() -> {
            backend.contacted(settings, failure);
            if (shown.containsKey(backend)) {
                compare(backend, settings, backend.models(settings));
            }
        });
    }

    /** Compares a backend's fresh models with what the client last saw; tells the listener when they differ. */
    private void compare(ChatBackend backend, Settings settings, List<ModelInfo> models) {
        Map<String, Boolean> now = availability(models);
        if (shown.containsKey(backend)) {
            rechecks.observed(backend, settings, anyUnavailable(models));
        }
        synchronized (shown) {
            Map<String, Boolean> before = shown.get(backend);
            if (before == null || before.equals(now)) {
                return;
            }
            shown.put(backend, now);
        }
        LOG.info("the models of the " + backend.provider() + " backend changed availability");
        listener.run();
    }

    private static boolean anyUnavailable(List<ModelInfo> models) {
        return models.stream().anyMatch(m -> !m.available);
    }

    private static Map<String, Boolean> availability(List<ModelInfo> models) {
        Map<String, Boolean> map = new java.util.LinkedHashMap<>();
        for (ModelInfo model : models) {
            map.put(model.id, model.available);
        }
        return map;
    }

    private List<ModelInfo> await(ChatBackend backend, CompletableFuture<List<ModelInfo>> future, long deadline) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LOG.info("the " + backend.provider() + " backend has not listed its models yet; shown as unchecked");
            return listings.lastSeen(backend);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return listings.lastSeen(backend);
        } catch (ExecutionException e) {
            LOG.error("listing the models of " + backend.provider() + " failed (a bug)", e.getCause());
            return listings.lastSeen(backend);
        }
    }

    /** Sets {@code isDefault} on the default model; returns its id. */
    private static String markDefault(List<ModelInfo> models, Settings settings) {
        String configured = settings.string(SettingKey.DEFAULT_MODEL);
        ModelInfo match = configured == null ? null : ModelRouting.find(models, configured.trim());
        if (match == null && !settings.isSet(SettingKey.DEFAULT_MODEL)) {
            match = models.isEmpty() ? null : models.get(0);
        }
        for (int i = 0; i < models.size(); i++) {
            ModelInfo copy = models.get(i).copy();
            copy.isDefault = models.get(i) == match;
            models.set(i, copy);
        }
        return match == null ? configured : match.id;
    }

    private static String stripSlash(String prefix) {
        return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    /** Stops the listing threads. */
    public void close() {
        rechecks.close();
        listings.close();
    }

    /** A model and the backend that serves it. */
    public record Resolved(ModelInfo model, ChatBackend backend) {
        public String id() {
            return model.id;
        }
    }
}
