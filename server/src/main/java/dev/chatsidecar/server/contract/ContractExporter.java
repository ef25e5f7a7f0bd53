package dev.chatsidecar.server.contract;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.chatsidecar.protocol.ChatSidecarClient;
import dev.chatsidecar.protocol.ChatSidecarServer;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.protocol.Methods;
import dev.chatsidecar.server.settings.SettingKey;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;

/**
 * Writes the wire contract as the Java source defines it — every {@link SettingKey}, every name in
 * {@link Methods}, every {@link ErrorType} — to one JSON file ({@code server/target/contract.json},
 * written by the build in {@code process-classes}). The clients' and the docs' tests read it and
 * fail when they no longer cover it, so a key, method or code added here cannot be forgotten there.
 *
 * <p>Shape: {@code {"settings": [{key, env, kind, type, secret, default}], "methods": [{name,
 * constant, kind?, direction?}], "errors": [{type, code}], "rpcErrorCodes": [{name, code}]}}.
 * {@code type} is the JSON type a client sends ({@code string}, {@code integer}, {@code array});
 * {@code kind}/{@code direction} are absent for names the JSON-RPC layer handles itself
 * ({@code $/cancelRequest}).
 */
public final class ContractExporter {
    private ContractExporter() {
    }

    /** Writes the contract to the file named by the only argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ContractExporter <output file>");
        }
        Path out = Path.of(args[0]);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, json() + "\n", StandardCharsets.UTF_8);
    }

    /** The contract as pretty-printed JSON (stable order: declaration order of the Java source). */
    public static String json() {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create().toJson(contract());
    }

    /** The contract as a JSON object. */
    public static JsonObject contract() {
        JsonObject contract = new JsonObject();
        contract.add("settings", settings());
        contract.add("methods", methods());
        contract.add("errors", errors());
        contract.add("rpcErrorCodes", rpcErrorCodes());
        return contract;
    }

    private static JsonArray settings() {
        JsonArray settings = new JsonArray();
        for (SettingKey key : SettingKey.values()) {
            JsonObject setting = new JsonObject();
            setting.addProperty("key", key.key());
            JsonArray env = new JsonArray();
            key.envNames().forEach(env::add);
            setting.add("env", env);
            setting.addProperty("kind", key.kind().name().toLowerCase(Locale.ROOT));
            setting.addProperty("type", jsonType(key.kind()));
            setting.addProperty("secret", key.kind() == SettingKey.Kind.SECRET);
            setting.addProperty("default", key.defaultValue());
            settings.add(setting);
        }
        return settings;
    }

    /** The JSON type a client sends for a kind; kinds added later default by their name. */
    static String jsonType(SettingKey.Kind kind) {
        String name = kind.name();
        if (name.contains("INT") || name.contains("NUMBER")) {
            return "integer";
        }
        return name.contains("LIST") ? "array" : "string";
    }

    private static JsonArray methods() {
        Map<String, String[]> declared = new HashMap<>();
        collect(ChatSidecarServer.class, "clientToServer", declared);
        collect(ChatSidecarClient.class, "serverToClient", declared);
        JsonArray methods = new JsonArray();
        for (Field field : Methods.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                String name = (String) read(field);
                JsonObject method = new JsonObject();
                method.addProperty("name", name);
                method.addProperty("constant", field.getName());
                String[] how = declared.get(name);
                if (how != null) {
                    method.addProperty("kind", how[0]);
                    method.addProperty("direction", how[1]);
                }
                methods.add(method);
            }
        }
        return methods;
    }

    private static void collect(Class<?> api, String direction, Map<String, String[]> out) {
        for (Method method : api.getMethods()) {
            JsonRequest request = method.getAnnotation(JsonRequest.class);
            if (request != null) {
                out.put(request.value(), new String[] {"request", direction});
            }
            JsonNotification notification = method.getAnnotation(JsonNotification.class);
            if (notification != null) {
                out.put(notification.value(), new String[] {"notification", direction});
            }
        }
    }

    private static JsonArray errors() {
        JsonArray errors = new JsonArray();
        for (ErrorType type : ErrorType.values()) {
            JsonObject error = new JsonObject();
            error.addProperty("type", type.wireName());
            error.addProperty("code", type.code());
            errors.add(error);
        }
        return errors;
    }

    /** Codes declared as {@code int} constants next to the types (JSON-RPC level, e.g. "not initialized"). */
    private static JsonArray rpcErrorCodes() {
        JsonArray codes = new JsonArray();
        for (Field field : ErrorType.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
                JsonObject code = new JsonObject();
                code.addProperty("name", field.getName());
                code.addProperty("code", (Integer) read(field));
                codes.add(code);
            }
        }
        return codes;
    }

    private static Object read(Field field) {
        try {
            return field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("public constant not readable: " + field, e);
        }
    }
}
