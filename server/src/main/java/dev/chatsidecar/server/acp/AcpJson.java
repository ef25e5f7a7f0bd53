package dev.chatsidecar.server.acp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** Reading members of incoming ACP params with messages that name the member. */
final class AcpJson {
    private AcpJson() {
    }

    /** The params as an object; {@code null} params count as an empty object. */
    static JsonObject params(JsonElement raw, String method) throws AcpErrors.InvalidParams {
        if (raw == null || raw.isJsonNull()) {
            return new JsonObject();
        }
        if (!raw.isJsonObject()) {
            throw new AcpErrors.InvalidParams(method + " params must be an object");
        }
        return raw.getAsJsonObject();
    }

    /** A string member, {@code null} when absent or null. */
    static String string(JsonObject o, String name, String where) throws AcpErrors.InvalidParams {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new AcpErrors.InvalidParams("\"" + where + "\" must be a string");
        }
        return e.getAsString();
    }

    /** A string member that must be present. */
    static String requiredString(JsonObject o, String name) throws AcpErrors.InvalidParams {
        String value = string(o, name, name);
        if (value == null) {
            throw new AcpErrors.InvalidParams("\"" + name + "\" is required");
        }
        return value;
    }

    /** {@code {"type": "text", "text": text}}. */
    static JsonObject textBlock(String text) {
        JsonObject block = new JsonObject();
        block.addProperty("type", "text");
        block.addProperty("text", text);
        return block;
    }
}
