package dev.chatsidecar.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;

/**
 * Params of the {@code $/progress} notification. {@code value} is one of {@link ProgressValue}'s
 * shapes; it is kept as JSON so a client can read {@code kind} first.
 */
public class ProgressParams {
    public JsonPrimitive token;
    public JsonElement value;

    public ProgressParams() {
    }

    public ProgressParams(JsonPrimitive token, JsonElement value) {
        this.token = token;
        this.value = value;
    }
}
