package dev.chatsidecar.fake;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Reading JSON request bodies leniently: anything unusable becomes null. */
final class RequestJson {
    private RequestJson() {
    }

    /** The body as a JSON object, or null when it is not one. */
    static JsonObject object(HttpRequest request) {
        try {
            JsonElement body = JsonParser.parseString(request.bodyText());
            return body.isJsonObject() ? body.getAsJsonObject() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A string member, or null when absent or not a string. */
    static String string(JsonObject object, String name) {
        JsonElement value = object == null ? null : object.get(name);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
                ? value.getAsString() : null;
    }
}
