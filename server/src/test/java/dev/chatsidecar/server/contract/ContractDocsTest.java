package dev.chatsidecar.server.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.chatsidecar.server.testing.SharedFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/protocol.md} documents the whole contract the Java source defines: every setting key
 * on a row of the settings table with its environment variables (and its default, when short), every
 * method and notification name, every error type on a row with its code. The build's
 * {@code server/target/contract.json} is that same contract.
 */
class ContractDocsTest {
    /** Defaults longer than this (a whole User-Agent) are described in words in the docs. */
    private static final int LONGEST_LITERAL_DEFAULT = 40;

    private static final JsonObject CONTRACT = ContractExporter.contract();

    private static List<String> protocolDoc() throws Exception {
        return Files.readAllLines(SharedFiles.projectRoot().resolve("docs/protocol.md"), StandardCharsets.UTF_8);
    }

    /** The table row that starts with {@code | `name`}, or {@code null}. */
    private static String row(List<String> lines, String name) {
        for (String line : lines) {
            if (line.startsWith("| `" + name + "`")) {
                return line;
            }
        }
        return null;
    }

    @Test
    void theBuildWroteTheContractFromTheSource() throws Exception {
        Path written = SharedFiles.projectRoot().resolve("server/target/contract.json");
        assertTrue(Files.isRegularFile(written), "the build (process-classes) writes " + written);
        assertEquals(CONTRACT, JsonParser.parseString(Files.readString(written)), "contract.json is up to date");
    }

    @Test
    void everySettingKeyHasARowWithItsEnvironmentVariablesAndDefault() throws Exception {
        List<String> lines = protocolDoc();
        List<String> missing = new ArrayList<>();
        for (JsonElement element : CONTRACT.getAsJsonArray("settings")) {
            JsonObject setting = element.getAsJsonObject();
            String key = setting.get("key").getAsString();
            String row = row(lines, key);
            if (row == null) {
                missing.add(key + ": no row in the settings table");
                continue;
            }
            for (JsonElement env : setting.getAsJsonArray("env")) {
                if (!row.contains("`" + env.getAsString() + "`")) {
                    missing.add(key + ": environment variable " + env.getAsString() + " not on its row");
                }
            }
            JsonElement fallback = setting.get("default");
            if (!fallback.isJsonNull() && fallback.getAsString().length() <= LONGEST_LITERAL_DEFAULT
                    && !row.contains(fallback.getAsString())) {
                missing.add(key + ": default " + fallback.getAsString() + " not on its row");
            }
        }
        assertTrue(missing.isEmpty(), "docs/protocol.md is behind SettingKey:\n" + String.join("\n", missing));
    }

    @Test
    void everyMethodAndNotificationHasARowWithItsKind() throws Exception {
        List<String> lines = protocolDoc();
        List<String> missing = new ArrayList<>();
        for (JsonElement element : CONTRACT.getAsJsonArray("methods")) {
            JsonObject method = element.getAsJsonObject();
            String name = method.get("name").getAsString();
            String row = row(lines, name);
            String kind = method.has("kind") ? method.get("kind").getAsString() : "notification";
            if (row == null || !row.contains(kind)) {
                missing.add(name + " (" + kind + ")");
            }
        }
        assertTrue(missing.isEmpty(), "docs/protocol.md's method table lacks " + missing);
    }

    @Test
    void everyErrorTypeHasARowWithItsCodeAndEveryRpcCodeIsNamed() throws Exception {
        List<String> lines = protocolDoc();
        String doc = String.join("\n", lines);
        List<String> missing = new ArrayList<>();
        for (JsonElement element : CONTRACT.getAsJsonArray("errors")) {
            String type = element.getAsJsonObject().get("type").getAsString();
            int code = element.getAsJsonObject().get("code").getAsInt();
            String row = row(lines, type);
            if (row == null || !row.contains("| " + code + " |")) {
                missing.add(type + " (" + code + ")");
            }
        }
        for (JsonElement element : CONTRACT.getAsJsonArray("rpcErrorCodes")) {
            int code = element.getAsJsonObject().get("code").getAsInt();
            if (!doc.contains(String.valueOf(code))) {
                missing.add(element.getAsJsonObject().get("name").getAsString() + " (" + code + ")");
            }
        }
        assertTrue(missing.isEmpty(), "docs/protocol.md's error table lacks " + missing);
    }

    @Test
    void theContractCoversEverythingTheSourceDeclares() {
        assertEquals(dev.chatsidecar.server.settings.SettingKey.values().length, CONTRACT.getAsJsonArray("settings").size());
        assertEquals(dev.chatsidecar.protocol.ErrorType.values().length, CONTRACT.getAsJsonArray("errors").size());
        JsonObject complete = null;
        for (JsonElement method : CONTRACT.getAsJsonArray("methods")) {
            if (method.getAsJsonObject().get("name").getAsString().equals("chat/complete")) {
                complete = method.getAsJsonObject();
            }
        }
        assertEquals("request", complete.get("kind").getAsString());
        assertEquals("clientToServer", complete.get("direction").getAsString());
        JsonObject apiKey = CONTRACT.getAsJsonArray("settings").get(
                dev.chatsidecar.server.settings.SettingKey.OPENAI_API_KEY.ordinal()).getAsJsonObject();
        assertTrue(apiKey.get("secret").getAsBoolean());
        assertEquals("string", apiKey.get("type").getAsString());
    }
}
