package dev.chatsidecar.fake;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.Map;

/** Test-side interpreter of v1 delta events (add, append, replace, patch, carry-forward of p/o). */
final class V1Replay {
    JsonObject root;
    private String lastPath;
    private String lastOp;

    void apply(String data) {
        JsonObject event = JsonParser.parseString(data).getAsJsonObject();
        String path = event.has("p") ? event.get("p").getAsString() : lastPath;
        String op = event.has("o") ? event.get("o").getAsString() : lastOp;
        if (path == null || op == null || !event.has("v")) {
            throw new AssertionError("delta without path/op/value: " + data);
        }
        lastPath = path;
        lastOp = op;
        applyOp(path, op, event.get("v"));
    }

    private void applyOp(String path, String op, JsonElement value) {
        switch (op) {
            case "add":
                if (!path.isEmpty()) {
                    throw new AssertionError("add only at the root here: " + path);
                }
                root = value.getAsJsonObject().deepCopy();
                break;
            case "patch":
                for (JsonElement sub : value.getAsJsonArray()) {
                    JsonObject subOp = sub.getAsJsonObject();
                    applyOp(subOp.get("p").getAsString(), subOp.get("o").getAsString(), subOp.get("v"));
                }
                break;
            case "append":
                JsonElement current = get(path);
                if (current.isJsonPrimitive()) {
                    set(path, new JsonPrimitive(current.getAsString() + value.getAsString()));
                } else {
                    for (Map.Entry<String, JsonElement> entry : value.getAsJsonObject().entrySet()) {
                        current.getAsJsonObject().add(entry.getKey(), entry.getValue());
                    }
                }
                break;
            case "replace":
                set(path, value);
                break;
            default:
                throw new AssertionError("unexpected op " + op);
        }
    }

    String text() {
        return root.getAsJsonObject("message").getAsJsonObject("content").getAsJsonArray("parts").get(0)
                .getAsString();
    }

    private JsonElement get(String path) {
        JsonElement node = root;
        for (String key : path.substring(1).split("/")) {
            node = node.isJsonArray() ? node.getAsJsonArray().get(Integer.parseInt(key))
                    : node.getAsJsonObject().get(key);
        }
        return node;
    }

    private void set(String path, JsonElement value) {
        int slash = path.lastIndexOf('/');
        JsonElement parent = slash == 0 ? root : get(path.substring(0, slash));
        String key = path.substring(slash + 1);
        if (parent.isJsonArray()) {
            parent.getAsJsonArray().set(Integer.parseInt(key), value);
        } else {
            parent.getAsJsonObject().add(key, value);
        }
    }
}
