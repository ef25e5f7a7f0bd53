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

    private final List<String> environmentProblems;

    private Settings(Map<SettingKey, Object> values, List<String> unknownKeys, List<String> environmentProblems) {
        this.values = values;
        this.unknownKeys = unknownKeys;
        this.environmentProblems = environmentProblems;
    }

    /** Settings from the environment and defaults only; a bad environment value is skipped (see {@link #environmentProblems}). */
    public static Settings fromEnvironment(Map<String, String> env) {
        try {
            return build(null, env);
        } catch (InvalidSettingException e) {
            throw new IllegalStateException("only client settings can be refused", e);
        }
    }

    /**
     * Settings from a client object (nested sections or flat dotted keys, or {@code null}) over the
     * environment. An environment value of the wrong kind never fails the build: that key keeps its
     * default and the problem is kept in {@link #environmentProblems} (the other values still apply).
     *
     * @throws InvalidSettingException when a client value has the wrong kind; the message names the key
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
        List<String> problems = new ArrayList<>();
        for (SettingKey key : SettingKey.values()) {
            for (String envName : key.envNames()) {
                String text = env.get(envName);
                if (text != null && !text.isBlank()) {
                    try {
                        Object value = fromText(key, text.trim(), "environment variable " + envName);
                        values.putIfAbsent(key, value);
                    } catch (InvalidSettingException e) {
                        problems.add(e.getMessage()); // checked even when the client's value wins: said once, at start
                    }
                    break;
                }
            }
        }
        return new Settings(values, Collections.unmodifiableList(unknown), List.copyOf(problems));
    }

    /** Environment values that were ignored (each names its variable and key), empty when none. */
    public List<String> environmentProblems() {
        return environmentProblems;
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
        return switch (key.kind()) {
            case POSITIVE_INT, NON_NEGATIVE_INT -> wholeNumber(key, text, where);
            case LIST -> splitList(text);
            case URL -> url(key, text, where);
            case HEADER, SECRET -> headerValue(key, text, where);
            default -> text;
        };
    }

    private static int wholeNumber(SettingKey key, String text, String where) throws InvalidSettingException {
        boolean zeroAllowed = key.kind() == SettingKey.Kind.NON_NEGATIVE_INT;
        try {
            int number = Integer.parseInt(text.trim());
            if (number >= (zeroAllowed ? 0 : 1)) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below, like a number out of range
        }
        throw new InvalidSettingException(named(where, key) + " must be a "
                + (zeroAllowed ? "whole number, 0 or more" : "positive whole number") + ", got \""
                + HeaderText.visible(text) + "\"");
    }

    private static String url(SettingKey key, String text, String where) throws InvalidSettingException {
        if (text.isEmpty()) {
            return text;
        }
        String illegal = HeaderText.firstIllegal(text, false);
        if (illegal != null) {
            throw new InvalidSettingException(named(where, key) + " must be an http:// or https:// URL"
                    + " of printable ASCII characters (percent-encode others): " + illegal + ", in \""
                    + HeaderText.visible(Redact.secrets(text)) + "\"");
        }
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException();
            }
        } catch (Exception e) {
            throw new InvalidSettingException(named(where, key) + " must be an http:// or https:// URL with a host,"
                    + " got \"" + HeaderText.visible(Redact.secrets(text)) + "\"");
        }
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /** A value sent in an HTTP header; never repeated in the message (it may be a key with an invisible character). */
    private static String headerValue(SettingKey key, String text, String where) throws InvalidSettingException {
        boolean secret = key.kind() == SettingKey.Kind.SECRET;
        String bad = HeaderText.firstIllegal(text, !secret);
        if (bad != null) {
            String advice = secret ? " without spaces; re-copy the value from its source." : ".";
            throw new InvalidSettingException(named(where, key) + " cannot be sent in an HTTP header: " + bad
                    + ". Use printable ASCII only" + advice);
        }
        return text;
    }

    /** "setting x.y", or "environment variable X (x.y)": the key is always named once. */
    private static String named(String where, SettingKey key) {
        return where.endsWith(" " + key.key()) ? where : where + " (" + key.key() + ")";
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
        return p.isBoolean() ? "a boolean (" + p + ")" : p.isNumber() ? "a number (" + p + ")"
                : "\"" + HeaderText.visible(p.getAsString()) + "\"";
    }
}
