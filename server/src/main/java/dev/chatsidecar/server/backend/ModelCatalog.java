package dev.chatsidecar.server.backend;

import dev.chatsidecar.protocol.ModelInfo;
import dev.chatsidecar.server.settings.SettingKey;
import dev.chatsidecar.server.settings.Settings;
import java.util.ArrayList;
import java.util.List;

/**
 * All backends' models in one list, and the seed's resolution rule: a known id is used as is, an
 * alias maps to its model, anything else (or nothing) becomes the default model.
 */
public final class ModelCatalog {
    private final List<ChatBackend> backends;

    public ModelCatalog(List<ChatBackend> backends) {
        this.backends = List.copyOf(backends);
    }

    public List<ChatBackend> backends() {
        return backends;
    }

    /** Every model with {@code isDefault} set on the default one. */
    public List<ModelInfo> list(Settings settings) {
        List<Entry> entries = entries(settings);
        Entry defaultEntry = defaultEntry(entries, settings);
        List<ModelInfo> models = new ArrayList<>();
        for (Entry entry : entries) {
            ModelInfo copy = entry.model.copy();
            copy.isDefault = entry == defaultEntry;
            models.add(copy);
        }
        return models;
    }

    /** The id of the default model. */
    public String defaultModel(Settings settings) {
        Entry entry = defaultEntry(entries(settings), settings);
        return entry == null ? settings.string(SettingKey.DEFAULT_MODEL) : entry.model.id;
    }

    /** Resolves a requested name (id, alias, unknown or {@code null}); {@code null} only when no backend lists anything. */
    public Resolved resolve(String requested, Settings settings) {
        List<Entry> entries = entries(settings);
        Entry match = find(entries, requested);
        if (match == null) {
            match = defaultEntry(entries, settings);
        }
        return match == null ? null : new Resolved(match.model, match.backend);
    }

    /** Resolves a name without falling back to the default; {@code null} when unknown. */
    public Resolved resolveExactly(String requested, Settings settings) {
        Entry match = find(entries(settings), requested);
        return match == null ? null : new Resolved(match.model, match.backend);
    }

    private Entry defaultEntry(List<Entry> entries, Settings settings) {
        Entry match = find(entries, settings.string(SettingKey.DEFAULT_MODEL));
        if (match == null) {
            match = find(entries, SettingKey.DEFAULT_MODEL.defaultValue());
        }
        if (match == null && !entries.isEmpty()) {
            match = entries.get(0);
        }
        return match;
    }

    private static Entry find(List<Entry> entries, String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String wanted = name.trim();
        for (Entry entry : entries) {
            if (entry.model.id.equals(wanted)) {
                return entry;
            }
        }
        for (Entry entry : entries) {
            if (entry.model.aliases != null && entry.model.aliases.contains(wanted)) {
                return entry;
            }
        }
        return null;
    }

    private List<Entry> entries(Settings settings) {
        List<Entry> entries = new ArrayList<>();
        for (ChatBackend backend : backends) {
            for (ModelInfo model : backend.models(settings)) {
                entries.add(new Entry(model, backend));
            }
        }
        return entries;
    }

    private record Entry(ModelInfo model, ChatBackend backend) {
    }

    /** A model and the backend that serves it. */
    public record Resolved(ModelInfo model, ChatBackend backend) {
        public String id() {
            return model.id;
        }
    }
}
