package dev.chatsidecar.server.settings;

import com.google.gson.JsonElement;
import java.util.Map;

/** Holds the settings in force; replaced as a whole by {@code initialize} and configuration changes. */
public final class SettingsStore {
    private final Map<String, String> env;
    private volatile Settings current;

    public SettingsStore(Map<String, String> env) {
        this.env = Map.copyOf(env);
        this.current = Settings.fromEnvironment(this.env);
    }

    public Settings current() {
        return current;
    }

    /** Replaces the settings with the client's object over the environment; keeps the old ones on error. */
    public Settings update(JsonElement clientSettings) throws InvalidSettingException {
        Settings next = Settings.build(clientSettings, env);
        current = next;
        return next;
    }

    public Map<String, String> environment() {
        return env;
    }
}
