package dev.chatsidecar.protocol;

import com.google.gson.JsonPrimitive;

/** Params of {@code window/workDoneProgress/cancel}. */
public class WorkDoneProgressCancelParams {
    public JsonPrimitive token;

    public WorkDoneProgressCancelParams() {
    }

    public WorkDoneProgressCancelParams(JsonPrimitive token) {
        this.token = token;
    }
}
