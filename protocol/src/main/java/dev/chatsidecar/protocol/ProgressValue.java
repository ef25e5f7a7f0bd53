package dev.chatsidecar.protocol;

import com.google.gson.JsonObject;

/** The three shapes of a {@code $/progress} value for a chat stream. */
public final class ProgressValue {
    public static final String BEGIN = "begin";
    public static final String REPORT = "report";
    public static final String END = "end";

    private ProgressValue() {
    }

    /** {@code {"kind":"begin","title":"chat","model":model}}. */
    public static JsonObject begin(String model) {
        JsonObject value = new JsonObject();
        value.addProperty("kind", BEGIN);
        value.addProperty("title", "chat");
        value.addProperty("model", model);
        return value;
    }

    /** {@code {"kind":"report","seq":seq,"delta":delta}}. */
    public static JsonObject report(long seq, String delta) {
        JsonObject value = new JsonObject();
        value.addProperty("kind", REPORT);
        value.addProperty("seq", seq);
        value.addProperty("delta", delta);
        return value;
    }

    /**
     * {@code {"kind":"report","seq":seq,"delta":delta,"reasoning":reasoning}}; {@code reasoning} is left
     * out when {@code null} or empty, and {@code delta} may then be {@code ""}.
     */
    public static JsonObject report(long seq, String delta, String reasoning) {
        JsonObject value = report(seq, delta == null ? "" : delta);
        if (reasoning != null && !reasoning.isEmpty()) {
            value.addProperty("reasoning", reasoning);
        }
        return value;
    }

    /** {@code {"kind":"end","finishReason":finishReason}}. */
    public static JsonObject end(String finishReason) {
        JsonObject value = new JsonObject();
        value.addProperty("kind", END);
        value.addProperty("finishReason", finishReason);
        return value;
    }
}
