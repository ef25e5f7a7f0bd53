package dev.chatsidecar.server.acp;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.chatsidecar.protocol.ModelInfo;
import dev.chatsidecar.server.backend.ModelCatalog;
import dev.chatsidecar.server.backend.ModelRouting;
import dev.chatsidecar.server.settings.Settings;
import java.util.List;

/**
 * The session's model as ACP's session configuration option: a {@code select} with category
 * {@code model}, listing every model of {@code chat/models} (unavailable ones say why in their
 * description), changed with {@code session/set_config_option}.
 */
final class ModelOption {
    /** The {@code configId} of the model selector. */
    static final String ID = "model";

    private final ModelCatalog catalog;

    ModelOption(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /** The id of the model a new session starts with ({@code defaultModel}). */
    String defaultModel(Settings settings) {
        return catalog.defaultModel(settings);
    }

    /** {@code configOptions} of a session whose model is {@code current}. */
    JsonArray configOptions(String current, Settings settings) {
        JsonArray options = new JsonArray();
        for (ModelInfo model : catalog.list(settings)) {
            JsonObject option = new JsonObject();
            option.addProperty("value", model.id);
            option.addProperty("name", model.label == null ? model.id : model.label);
            option.addProperty("description", describe(model));
            options.add(option);
        }
        JsonObject select = new JsonObject();
        select.addProperty("id", ID);
        select.addProperty("name", "Model");
        select.addProperty("description", "The model that answers; a failing model falls back as the sidecar's "
                + "\"fallback\" setting says.");
        select.addProperty("category", "model");
        select.addProperty("type", "select");
        select.addProperty("currentValue", current);
        select.add("options", options);
        JsonArray all = new JsonArray();
        all.add(select);
        return all;
    }

    /**
     * The model id a requested value names (an id or an alias).
     *
     * @throws AcpErrors.InvalidParams when no backend lists it, or it cannot answer now (saying why)
     */
    String choose(String value, Settings settings) throws AcpErrors.InvalidParams {
        // a config option of type "select": only the listed values (ids or their aliases) are choices
        ModelInfo model = ModelRouting.find(catalog.list(settings), value == null ? "" : value.trim());
        if (model == null) {
            throw new AcpErrors.InvalidParams("unknown model \"" + value + "\"; the models are " + ids(settings));
        }
        if (!model.available) {
            throw new AcpErrors.InvalidParams("model \"" + model.id + "\" is unavailable: "
                    + (model.unavailableReason == null ? "its backend cannot answer now" : model.unavailableReason));
        }
        return model.id;
    }

    private String ids(Settings settings) {
        return String.join(", ", catalog.list(settings).stream().map(m -> m.id).toList());
    }

    private static String describe(ModelInfo model) {
        String provider = model.provider == null ? "" : model.provider;
        if (!model.available) {
            return provider + " — unavailable: "
                    + (model.unavailableReason == null ? "its backend cannot answer now" : model.unavailableReason);
        }
        return model.aliases == null || model.aliases.isEmpty() ? provider
                : provider + " (also " + String.join(", ", model.aliases) + ")";
    }
}
