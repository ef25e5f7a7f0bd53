package dev.chatsidecar.server.chatgpt;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies the "v1" delta operations to a small JSON model of one root object
 * ({@code {message, conversation_id, error}}). Paths are JSON Pointers (RFC 6901). Operations:
 * {@code add}, {@code replace}, {@code append} (strings concatenate, arrays extend, objects merge
 * their keys), {@code patch} (a list of operations, paths relative to the patch's own path),
 * {@code truncate} (to an integer length) and {@code remove}. Unknown operations are ignored so
 * that new server features do not break old clients.
 */
final class DeltaOps {
    private DeltaOps() {
    }

    /** An operation that does not fit the model (a bug on either side; reported as a protocol error). */
    static final class InvalidOp extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidOp(String message) {
            super(message);
        }
    }

    /**
     * Applies one operation to {@code root} and returns the new root (a different object only when
     * the operation replaced the root itself).
     *
     * @param root the current root, or {@code null} before the first {@code add}
     */
    static JsonObject apply(JsonObject root, String path, String op, JsonElement value) throws InvalidOp {
        if (op.equals("patch")) {
            if (value == null || !value.isJsonArray()) {
                throw new InvalidOp("patch without a list of operations");
            }
            JsonObject current = root;
            for (JsonElement item : value.getAsJsonArray()) {
                if (!item.isJsonObject()) {
                    throw new InvalidOp("patch item is not an object");
                }
                JsonObject sub = item.getAsJsonObject();
                String subPath = sub.has("p") ? string(sub.get("p"), "p") : "";
                String subOp = sub.has("o") ? string(sub.get("o"), "o") : "replace";
                current = apply(current, path + subPath, subOp, sub.get("v"));
            }
            return current;
        }
        if (path.isEmpty()) {
            return applyToRoot(root, op, value);
        }
        if (root == null) {
            throw new InvalidOp(op + " on " + path + " before the root message was added");
        }
        List<String> tokens = tokens(path);
        JsonElement parent = root;
        for (int i = 0; i < tokens.size() - 1; i++) {
            parent = child(parent, tokens.get(i), path);
        }
        String last = tokens.get(tokens.size() - 1);
        switch (op) {
            case "add", "replace" -> set(parent, last, value, op.equals("add"), path);
            case "append" -> set(parent, last, appended(get(parent, last), value, path), false, path);
            case "truncate" -> set(parent, last, truncated(get(parent, last), value, path), false, path);
            case "remove" -> remove(parent, last, path);
            default -> {
                // an operation this version does not know: ignore it
            }
        }
        return root;
    }

    private static JsonObject applyToRoot(JsonObject root, String op, JsonElement value) throws InvalidOp {
        switch (op) {
            case "add", "replace" -> {
                if (value == null || !value.isJsonObject()) {
                    throw new InvalidOp(op + " of a root that is not an object");
                }
                return value.getAsJsonObject().deepCopy();
            }
            case "append" -> {
                if (value == null || !value.isJsonObject()) {
                    throw new InvalidOp("append of a non-object to the root");
                }
                JsonObject merged = root == null ? new JsonObject() : root;
                for (Map.Entry<String, JsonElement> entry : value.getAsJsonObject().entrySet()) {
                    merged.add(entry.getKey(), entry.getValue().deepCopy());
                }
                return merged;
            }
            default -> {
                return root;
            }
        }
    }

    private static JsonElement appended(JsonElement target, JsonElement value, String path) throws InvalidOp {
        if (value == null) {
            return target;
        }
        if (target == null || target.isJsonNull()) {
            return value.deepCopy();
        }
        if (target.isJsonPrimitive() && target.getAsJsonPrimitive().isString()
                && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            return new JsonPrimitive(target.getAsString() + value.getAsString());
        }
        if (target.isJsonArray()) {
            JsonArray array = target.getAsJsonArray();
            if (value.isJsonArray()) {
                value.getAsJsonArray().forEach(item -> array.add(item.deepCopy()));
            } else {
                array.add(value.deepCopy());
            }
            return array;
        }
        if (target.isJsonObject() && value.isJsonObject()) {
            JsonObject object = target.getAsJsonObject();
            value.getAsJsonObject().entrySet().forEach(e -> object.add(e.getKey(), e.getValue().deepCopy()));
            return object;
        }
        throw new InvalidOp("cannot append " + kind(value) + " to " + kind(target) + " at " + path);
    }

    private static JsonElement truncated(JsonElement target, JsonElement value, String path) throws InvalidOp {
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new InvalidOp("truncate without a length at " + path);
        }
        int length = Math.max(0, value.getAsInt());
        if (target != null && target.isJsonPrimitive() && target.getAsJsonPrimitive().isString()) {
            String text = target.getAsString();
            return new JsonPrimitive(text.substring(0, Math.min(length, text.length())));
        }
        if (target != null && target.isJsonArray()) {
            JsonArray array = target.getAsJsonArray();
            while (array.size() > length) {
                array.remove(array.size() - 1);
            }
            return array;
        }
        throw new InvalidOp("cannot truncate " + kind(target) + " at " + path);
    }

    private static JsonElement child(JsonElement parent, String token, String path) throws InvalidOp {
        JsonElement next = get(parent, token);
        if (next == null || next.isJsonNull()) {
            if (!parent.isJsonObject()) {
                throw new InvalidOp("no element " + token + " on the way to " + path);
            }
            next = new JsonObject(); // ops may address a member before it exists
            parent.getAsJsonObject().add(token, next);
        }
        if (!next.isJsonObject() && !next.isJsonArray()) {
            throw new InvalidOp(path + " goes through " + kind(next));
        }
        return next;
    }

    private static JsonElement get(JsonElement parent, String token) throws InvalidOp {
        if (parent.isJsonObject()) {
            return parent.getAsJsonObject().get(token);
        }
        if (parent.isJsonArray()) {
            int index = index(token, parent.getAsJsonArray().size());
            return index < parent.getAsJsonArray().size() ? parent.getAsJsonArray().get(index) : null;
        }
        throw new InvalidOp("no member " + token + " in " + kind(parent));
    }

    private static void set(JsonElement parent, String token, JsonElement value, boolean insert, String path)
            throws InvalidOp {
        JsonElement copy = value == null ? com.google.gson.JsonNull.INSTANCE : value.deepCopy();
        if (parent.isJsonObject()) {
            parent.getAsJsonObject().add(token, copy);
            return;
        }
        JsonArray array = parent.getAsJsonArray();
        int index = index(token, array.size());
        if (index == array.size()) {
            array.add(copy);
        } else if (insert) {
            List<JsonElement> tail = new ArrayList<>();
            while (array.size() > index) {
                tail.add(0, array.remove(array.size() - 1));
            }
            array.add(copy);
            tail.forEach(array::add);
        } else {
            array.set(index, copy);
        }
    }

    private static void remove(JsonElement parent, String token, String path) throws InvalidOp {
        if (parent.isJsonObject()) {
            parent.getAsJsonObject().remove(token);
        } else {
            int index = index(token, parent.getAsJsonArray().size());
            if (index >= parent.getAsJsonArray().size()) {
                throw new InvalidOp("remove of a missing element at " + path);
            }
            parent.getAsJsonArray().remove(index);
        }
    }

    /** An array index from 0 to {@code size} ({@code -} is {@code size}: one past the end). */
    private static int index(String token, int size) throws InvalidOp {
        if (token.equals("-")) {
            return size;
        }
        try {
            int index = Integer.parseInt(token);
            if (index < 0 || index > size) {
                throw new NumberFormatException();
            }
            return index;
        } catch (NumberFormatException e) {
            throw new InvalidOp("bad array index \"" + token + "\"");
        }
    }

    /** The reference tokens of a JSON Pointer, unescaped ({@code ~1} → {@code /}, {@code ~0} → {@code ~}). */
    static List<String> tokens(String pointer) throws InvalidOp {
        if (!pointer.startsWith("/")) {
            throw new InvalidOp("not a JSON pointer: \"" + pointer + "\"");
        }
        List<String> tokens = new ArrayList<>();
        for (String raw : pointer.substring(1).split("/", -1)) {
            tokens.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }

    private static String string(JsonElement element, String name) throws InvalidOp {
        if (element == null || !element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
            throw new InvalidOp("patch item whose \"" + name + "\" is " + kind(element) + ", not a string");
        }
        return element.getAsString();
    }

    private static String kind(JsonElement element) {
        if (element == null || element.isJsonNull()) {
            return "nothing";
        }
        if (element.isJsonObject()) {
            return "an object";
        }
        if (element.isJsonArray()) {
            return "a list";
        }
        return element.getAsJsonPrimitive().isString() ? "a string" : "a scalar";
    }
}
