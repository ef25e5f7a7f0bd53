package dev.chatsidecar.server.backend;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.protocol.ModelInfo;
import dev.chatsidecar.server.upstream.BackendException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The rule inside one backend: a listed id or alias is that model; anything else is an error of
 * this backend, never a silent answer from another model. The error names the id and lists the
 * backend's available ids, closest spelling first.
 */
public final class ModelRouting {
    /** At most this many ids in a hint. */
    static final int MAX_SUGGESTIONS = 8;

    private ModelRouting() {
    }

    /**
     * @throws BackendException {@code unreachable} when none of {@code models} is available (the
     *                          backend is not configured or cannot be reached; fallback may move on),
     *                          else {@code invalid_request} naming {@code id}
     */
    public static ModelInfo pick(ChatBackend backend, String id, List<ModelInfo> models) throws BackendException {
        ModelInfo match = find(models, id);
        if (match != null) {
            return match;
        }
        List<String> available = new ArrayList<>();
        String reason = null;
        for (ModelInfo model : models) {
            if (model.available) {
                available.add(model.id);
            } else if (reason == null) {
                reason = model.unavailableReason;
            }
        }
        if (available.isEmpty()) {
            throw new BackendException(ErrorType.UNREACHABLE, "Model \"" + id + "\" cannot be used: the "
                    + backend.provider() + " backend has no model available" + (reason == null ? "." : ": " + reason),
                    "Configure the " + backend.provider() + " backend (see chat/models for what is missing), "
                            + "or pick a model of another backend.", false);
        }
        throw unknown(backend, id, available);
    }

    /** {@code invalid_request}: the backend is there but has no model {@code id}. */
    public static BackendException unknown(ChatBackend backend, String id, List<String> availableIds) {
        return new BackendException(ErrorType.INVALID_REQUEST, "Unknown model \"" + id + "\" for the "
                + backend.provider() + " backend.", "Pick one of its models: "
                + String.join(", ", closestFirst(id, availableIds)) + " (all models: chat/models).", false);
    }

    /** The listed model with this id, else the one with this alias, else {@code null}. */
    public static ModelInfo find(List<ModelInfo> models, String id) {
        for (ModelInfo model : models) {
            if (model.id.equals(id)) {
                return model;
            }
        }
        for (ModelInfo model : models) {
            if (model.aliases != null && model.aliases.contains(id)) {
                return model;
            }
        }
        return null;
    }

    /** {@code ids} ordered by edit distance to {@code wanted} (ties keep their order), at most {@link #MAX_SUGGESTIONS}. */
    static List<String> closestFirst(String wanted, List<String> ids) {
        String target = wanted.toLowerCase(Locale.ROOT);
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(Comparator.comparingInt(id -> distance(target, id.toLowerCase(Locale.ROOT))));
        return sorted.subList(0, Math.min(MAX_SUGGESTIONS, sorted.size()));
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
