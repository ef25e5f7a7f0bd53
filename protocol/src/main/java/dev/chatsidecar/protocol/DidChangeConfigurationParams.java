package dev.chatsidecar.protocol;

import com.google.gson.JsonElement;

/** Params of {@code workspace/didChangeConfiguration}: the new Settings object. */
public class DidChangeConfigurationParams {
    public JsonElement settings;

    public DidChangeConfigurationParams() {
    }

    public DidChangeConfigurationParams(JsonElement settings) {
        this.settings = settings;
    }
}
