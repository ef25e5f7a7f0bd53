package dev.chatsidecar.fake;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** JSON output as the real servers write it: nulls kept, {@code <>&=} not escaped. */
final class FakeJson {
    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private FakeJson() {
    }

    static String compact(JsonElement element) {
        return GSON.toJson(element);
    }

    /** {@code {"detail": detail}}. */
    static String detail(String detail) {
        JsonObject body = new JsonObject();
        body.addProperty("detail", detail);
        return compact(body);
    }
}
