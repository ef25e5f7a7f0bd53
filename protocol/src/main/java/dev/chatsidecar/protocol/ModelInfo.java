package dev.chatsidecar.protocol;

import com.google.gson.TypeAdapter;
import com.google.gson.annotations.JsonAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import com.google.gson.JsonParser;
import com.google.gson.JsonObject;
import com.google.gson.JsonElement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of {@code chat/models}. Serialized with every member present, so that
 * {@code "unavailableReason": null} is explicit as in the contract. {@code status} says what the
 * last real contact showed: {@link #READY}, {@link #UNAVAILABLE} (then {@code available} is false and
 * {@code unavailableReason} says why) or {@link #UNCHECKED} (not contacted yet under these settings).
 */
@JsonAdapter(ModelInfo.Adapter.class)
public class ModelInfo {
    public static final String READY = "ready";
    public static final String UNAVAILABLE = "unavailable";
    public static final String UNCHECKED = "unchecked";

    public String id;
    public String label;
    public String provider;
    public List<String> aliases = new ArrayList<>();
    public boolean isDefault;
    public boolean available = true;
    public String unavailableReason;
    public String status = UNCHECKED;

    public ModelInfo() {
    }

    public ModelInfo(String id, String label, String provider, List<String> aliases) {
        this.id = id;
        this.label = label;
        this.provider = provider;
        this.aliases = new ArrayList<>(aliases);
    }

    /** A copy of this entry marked unavailable for {@code reason}. */
    public ModelInfo unavailable(String reason) {
        return withStatus(UNAVAILABLE, reason);
    }

    /** A copy of this entry marked ready (available; the last contact showed it can answer). */
    public ModelInfo ready() {
        return withStatus(READY, null);
    }

    /** A copy of this entry marked not checked yet (listed as available). */
    public ModelInfo unchecked() {
        return withStatus(UNCHECKED, null);
    }

    private ModelInfo withStatus(String newStatus, String reason) {
        ModelInfo copy = copy();
        copy.status = newStatus;
        copy.available = !UNAVAILABLE.equals(newStatus);
        copy.unavailableReason = reason;
        return copy;
    }

    public ModelInfo copy() {
        ModelInfo copy = new ModelInfo(id, label, provider, aliases);
        copy.isDefault = isDefault;
        copy.available = available;
        copy.unavailableReason = unavailableReason;
        copy.status = status;
        return copy;
    }

    /** Writes all members, nulls included. */
    public static final class Adapter extends TypeAdapter<ModelInfo> {
        @Override
        public void write(JsonWriter out, ModelInfo m) throws IOException {
            if (m == null) {
                out.nullValue();
                return;
            }
            boolean serializeNulls = out.getSerializeNulls();
            out.setSerializeNulls(true);
            try {
                out.beginObject();
                out.name("id").value(m.id);
                out.name("label").value(m.label);
                out.name("provider").value(m.provider);
                out.name("aliases").beginArray();
                for (String alias : m.aliases == null ? List.<String>of() : m.aliases) {
                    out.value(alias);
                }
                out.endArray();
                out.name("isDefault").value(m.isDefault);
                out.name("available").value(m.available);
                out.name("unavailableReason").value(m.unavailableReason);
                out.name("status").value(m.status);
                out.endObject();
            } finally {
                out.setSerializeNulls(serializeNulls);
            }
        }

        @Override
        public ModelInfo read(JsonReader in) throws IOException {
            JsonElement element = JsonParser.parseReader(in);
            if (element == null || element.isJsonNull()) {
                return null;
            }
            JsonObject o = element.getAsJsonObject();
            ModelInfo m = new ModelInfo();
            m.id = string(o, "id");
            m.label = string(o, "label");
            m.provider = string(o, "provider");
            if (o.has("aliases") && o.get("aliases").isJsonArray()) {
                o.getAsJsonArray("aliases").forEach(a -> m.aliases.add(a.getAsString()));
            }
            m.isDefault = o.has("isDefault") && o.get("isDefault").getAsBoolean();
            m.available = !o.has("available") || o.get("available").getAsBoolean();
            m.unavailableReason = string(o, "unavailableReason");
            String status = string(o, "status");
            m.status = status != null ? status : m.available ? UNCHECKED : UNAVAILABLE;
            return m;
        }

        private static String string(JsonObject o, String name) {
            JsonElement e = o.get(name);
            return e == null || e.isJsonNull() ? null : e.getAsString();
        }
    }
}
