package dev.chatsidecar.server.settings;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.chatsidecar.server.log.Redact;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of the settings in force: values given by the client win over the
 * environment, which wins over the defaults. Every value is checked when the snapshot is built.
 */
public final class Settings {
    private final Map<SettingKey, Object> values;
    private final List<String> unknownKeys;

    private final String environmentProblem;

    private Settings(Map<SettingKey, Object> values, List<String> unknownKeys, String environmentProblem) {
        this.values = values;
        this.unknownKeys = unknownKeys;
        this.environmentProblem = environmentProblem;
    }

    /** Settings from the environment and defaults only. */
    public static Settings fromEnvironment(Map<String, String> env) {
        try {
            return build(null, env);
        } catch (InvalidSettingException e) {
            // a bad environment value must not stop the server: fall back to the defaults
            return new Settings(new EnumMap<>(SettingKey.class), List.of(), e.getMessage());
        }
    }

    /**
     * Settings from a client object (nested sections or flat dotted keys, or {@code null}) over the
     * environment.
     *
     * @throws InvalidSettingException when a value has the wrong kind; the message names the key
     */
    public static Settings build(JsonElement clientSettings, Map<String, String> env) throws InvalidSettingException {
        Map<String, JsonElement> flat = new java.util.LinkedHashMap<>();
        if (clientSettings != null && !clientSettings.isJsonNull()) {
            if (!clientSettings.isJsonObject()) {
                throw new InvalidSettingException("settings must be a JSON object, got: " + describe(clientSettings));
            }
            flatten("", clientSettings.getAsJsonObject(), flat);
        }
        Map<SettingKey, Object> values = new EnumMap<>(SettingKey.class);
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, JsonElement> entry : flat.entrySet()) {
            SettingKey key = SettingKey.byKey(entry.getKey());
            if (key == null) {
                unknown.add(entry.getKey());
            } else if (!entry.getValue().isJsonNull()) {
                values.put(key, fromJson(key, entry.getValue()));
            }
        }
        for (SettingKey key : SettingKey.values()) {
            if (values.containsKey(key)) {
                continue;
            }
            for (String envName : key.envNames()) {
                String text = env.get(envName);
                if (text != null && !text.isBlank()) {
                    values.put(key, fromText(key, text.trim(), "environment variable " + envName));
                    break;
                }
            }
        }
        return new Settings(values, Collections.unmodifiableList(unknown), null);
    }

    /** A problem found in the environment that made it be ignored, or {@code null}. */
    public String environmentProblem() {
        return environmentProblem;
    }

    /** Keys the client sent that this version does not know (logged, not fatal). */
    public List<String> unknownKeys() {
        return unknownKeys;
    }

    /** The value as text, or the default, or {@code null}. Lists are joined with commas. */
    public String string(SettingKey key) {
        Object value = values.get(key);
        if (value == null) {
            return key.defaultValue();
        }
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return value.toString();
    }

    /** The value as an int (for positive-int keys). */
    public int integer(SettingKey key) {
        Object value = values.get(key);
        if (value instanceof Integer i) {
            return i;
        }
        return Integer.parseInt(key.defaultValue());
    }

    /** The value as a list of strings (for list keys), or an empty list. */
    @SuppressWarnings("unchecked")
    public List<String> list(SettingKey key) {
        Object value = values.get(key);
        if (value instanceof List<?>) {
            return (List<String>) value;
        }
        if (value != null) {
            return List.of(value.toString());
        }
        return key.defaultValue() == null ? List.of() : splitList(key.defaultValue());
    }

    /** Whether the value was set by the client or the environment (not a default). */
    public boolean isSet(SettingKey key) {
        return values.containsKey(key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settings other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values);
    }

    /** Keys and values with secrets masked, for logs. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        values.forEach((key, value) -> {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(key.key()).append('=').append(key.kind() == SettingKey.Kind.SECRET ? "***"
                    : Redact.secrets(String.valueOf(value))); // e.g. a proxy URL with user:password@
        });
        return sb.append('}').toString();
    }

    private static void flatten(String prefix, JsonObject object, Map<String, JsonElement> out) {
        for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
            String key = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
            JsonElement value = entry.getValue();
            if (value.isJsonObject() && SettingKey.byKey(key) == null) {
                flatten(key, value.getAsJsonObject(), out);
            } else {
                out.put(key, value);
            }
        }
    }

    private static Object fromJson(SettingKey key, JsonElement value) throws InvalidSettingException {
        String where = "setting " + key.key();
        if (key.kind() == SettingKey.Kind.LIST) {
            if (value.isJsonArray()) {
                List<String> items = new ArrayList<>();
                for (JsonElement item : (JsonArray) value) {
                    if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                        throw new InvalidSettingException(where + " must be a list of strings, got an item "
                                + describe(item));
                    }
                    items.add(item.getAsString().trim());
                }
                return List.copyOf(items);
            }
            if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
                return splitList(value.getAsString());
            }
            throw new InvalidSettingException(where + " must be a list of strings, got " + describe(value));
        }
        if (key.kind() == SettingKey.Kind.POSITIVE_INT || key.kind() == SettingKey.Kind.NON_NEGATIVE_INT) {
            if (value.isJsonPrimitive()) {
                return fromText(key, value.getAsString(), where);
            }
            throw new InvalidSettingException(where + " must be a positive whole number, got " + describe(value));
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            // a secret's value is never repeated, not even a mistyped one
            throw new InvalidSettingException(where + " must be a string, got "
                    + (key.kind() == SettingKey.Kind.SECRET ? kindOf(value) : describe(value)));
        }
        return fromText(key, value.getAsString().trim(), where);
    }

    private static Object fromText(SettingKey key, String text, String where) throws InvalidSettingException {
        switch (key.kind()) {
            case POSITIVE_INT:
            case NON_NEGATIVE_INT:
                boolean zeroAllowed = key.kind() == SettingKey.Kind.NON_NEGATIVE_INT;
                try {
                    int number = Integer.parseInt(text.trim());
                    if (number < (zeroAllowed ? 0 : 1)) {
                        throw new NumberFormatException();
                    }
                    return number;
                } catch (NumberFormatException e) {
                    throw new InvalidSettingException(where + " (" + key.key() + ") must be a "
                            + (zeroAllowed ? "whole number, 0 or more" : "positive whole number") + ", got \""
                            + text + "\"");
                }
            case LIST:
                return splitList(text);
            case URL:
                if (text.isEmpty()) {
                    return text;
                }
                try {
                    URI uri = new URI(text);
                    if (uri.getScheme() == null || uri.getHost() == null
                            || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                        throw new IllegalArgumentException();
                    }
                } catch (Exception e) {
                    throw new InvalidSettingException(where + " (" + key.key()
                            + ") must be an http:// or https:// URL with a host, got \"" + Redact.secrets(text) + "\"");
                }
                return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
            default:
                return text;
        }
    }

    private static List<String> splitList(String text) {
        List<String> items = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                items.add(part.trim());
            }
        }
        return List.copyOf(items);
    }

    private static String kindOf(JsonElement value) {
        if (!value.isJsonPrimitive()) {
            return describe(value);
        }
        return value.getAsJsonPrimitive().isBoolean() ? "a boolean" : "a number";
    }

    private static String describe(JsonElement value) {
        if (value.isJsonArray()) {
            return "a list";
        }
        if (value.isJsonObject()) {
            return "an object";
        }
        if (value.isJsonNull()) {
            return "null";
        }
        JsonPrimitive p = value.getAsJsonPrimitive();
        return p.isBoolean() ? "a boolean (" + p + ")" : p.isNumber() ? "a number (" + p + ")" : "\"" + p.getAsString() + "\"";
    }
}
