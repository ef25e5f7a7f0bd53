package dev.chatsidecar.server.testing;

import com.google.gson.JsonObject;
import dev.chatsidecar.server.settings.InvalidSettingException;
import dev.chatsidecar.server.settings.Settings;
import java.util.Map;

/** Settings for tests from flat dotted keys, with an empty environment (the real one never leaks in). */
public final class TestSettings {
    private TestSettings() {
    }

    /** {@code of("chatgpt.baseUrl", "http://127.0.0.1:1234", "http.idleTimeoutMs", 500)}. */
    public static Settings of(Object... keysAndValues) {
        JsonObject json = new JsonObject();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            if (value instanceof Number n) {
                json.addProperty((String) keysAndValues[i], n);
            } else {
                json.addProperty((String) keysAndValues[i], String.valueOf(value));
            }
        }
        try {
            return Settings.build(json, Map.of());
        } catch (InvalidSettingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
