package dev.chatsidecar.server.acp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * What this agent tells an ACP client in {@code initialize}, stated honestly: text, resource links
 * and embedded context in prompts (no images, no audio), no MCP servers (no tools), no
 * {@code session/load} (sessions live in memory), {@code session/close}, no authentication. It
 * never calls the client's file-system or terminal methods, whatever the client offers.
 */
final class AcpCapabilities {
    private AcpCapabilities() {
    }

    static JsonObject initializeResult(int protocolVersion, String version) {
        JsonObject prompt = new JsonObject();
        prompt.addProperty("image", false);
        prompt.addProperty("audio", false);
        prompt.addProperty("embeddedContext", true);
        JsonObject mcp = new JsonObject();
        mcp.addProperty("http", false);
        mcp.addProperty("sse", false);
        JsonObject session = new JsonObject();
        session.add("close", new JsonObject());
        JsonObject capabilities = new JsonObject();
        capabilities.addProperty("loadSession", false);
        capabilities.add("promptCapabilities", prompt);
        capabilities.add("mcpCapabilities", mcp);
        capabilities.add("sessionCapabilities", session);
        JsonObject agentInfo = new JsonObject();
        agentInfo.addProperty("name", "chat-sidecar");
        agentInfo.addProperty("title", "Chat Sidecar");
        agentInfo.addProperty("version", version);
        JsonObject result = new JsonObject();
        result.addProperty("protocolVersion", protocolVersion);
        result.add("agentCapabilities", capabilities);
        result.add("authMethods", new com.google.gson.JsonArray());
        result.add("agentInfo", agentInfo);
        return result;
    }

    /** Whether the client advertised {@code clientCapabilities.session.notices}. */
    static boolean clientShowsNotices(JsonObject initializeParams) {
        JsonObject session = object(object(initializeParams, "clientCapabilities"), "session");
        return session != null && session.has("notices") && !session.get("notices").isJsonNull();
    }

    /** "name version" of {@code clientInfo}, for the log. */
    static String describeClient(JsonObject initializeParams) {
        JsonObject info = object(initializeParams, "clientInfo");
        if (info == null) {
            return "(no clientInfo)";
        }
        String name = info.has("name") && info.get("name").isJsonPrimitive() ? info.get("name").getAsString() : "?";
        String version = info.has("version") && info.get("version").isJsonPrimitive()
                ? " " + info.get("version").getAsString() : "";
        return name + version;
    }

    private static JsonObject object(JsonObject parent, String name) {
        if (parent == null) {
            return null;
        }
        JsonElement e = parent.get(name);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
    }
}
