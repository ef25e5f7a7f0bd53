package dev.chatsidecar.server.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static Settings build(String json, Map<String, String> env) throws InvalidSettingException {
        return Settings.build(json == null ? null : JsonParser.parseString(json), env);
    }

    @Test
    void defaultsApplyWhenNothingIsSet() throws Exception {
        Settings s = build(null, Map.of());
        assertEquals("https://chatgpt.com", s.string(SettingKey.CHATGPT_BASE_URL));
        assertEquals("auto", s.string(SettingKey.DEFAULT_MODEL));
        assertEquals(10000, s.integer(SettingKey.HTTP_CONNECT_TIMEOUT_MS));
        assertEquals(60000, s.integer(SettingKey.HTTP_IDLE_TIMEOUT_MS));
        assertEquals(512, s.integer(SettingKey.LOCAL_MAX_TOKENS));
        assertEquals(List.of(), s.list(SettingKey.FALLBACK));
        assertFalse(s.isSet(SettingKey.HTTP_PROXY));
    }

    @Test
    void environmentOverridesDefaultsAndTheClientObjectOverridesTheEnvironment() throws Exception {
        Map<String, String> env = Map.of("CHAT_SIDECAR_CHATGPT_BASE_URL", "http://127.0.0.1:9/",
                "CHAT_SIDECAR_FALLBACK", "a, b,,c", "https_proxy", "http://proxy.local:3128");
        Settings fromEnv = build(null, env);
        assertEquals("http://127.0.0.1:9", fromEnv.string(SettingKey.CHATGPT_BASE_URL));
        assertEquals(List.of("a", "b", "c"), fromEnv.list(SettingKey.FALLBACK));
        assertEquals("http://proxy.local:3128", fromEnv.string(SettingKey.HTTP_PROXY));
        Settings fromClient = build("{\"chatgpt\":{\"baseUrl\":\"http://127.0.0.1:7\"},\"fallback\":[\"x\"]}", env);
        assertEquals("http://127.0.0.1:7", fromClient.string(SettingKey.CHATGPT_BASE_URL));
        assertEquals(List.of("x"), fromClient.list(SettingKey.FALLBACK));
    }

    @Test
    void upperCaseProxyVariableWinsOverLowerCase() throws Exception {
        Settings s = build(null, Map.of("HTTPS_PROXY", "http://upper:1", "https_proxy", "http://lower:2"));
        assertEquals("http://upper:1", s.string(SettingKey.HTTP_PROXY));
    }

    @Test
    void flatDottedKeysAreAcceptedLikeNestedSections() throws Exception {
        Settings flat = build("{\"chatgpt.baseUrl\":\"http://127.0.0.1:5\",\"http.connectTimeoutMs\":1500}", Map.of());
        Settings nested = build("{\"chatgpt\":{\"baseUrl\":\"http://127.0.0.1:5\"},\"http\":{\"connectTimeoutMs\":1500}}", Map.of());
        assertEquals(flat, nested);
        assertEquals(1500, flat.integer(SettingKey.HTTP_CONNECT_TIMEOUT_MS));
    }

    @Test
    void unknownKeysAreReportedNotFatal() throws Exception {
        Settings s = build("{\"chatgpt\":{\"colour\":\"blue\"},\"telemetry\":true}", Map.of());
        assertEquals(List.of("chatgpt.colour", "telemetry"), s.unknownKeys());
    }

    @Test
    void badValuesAreRejectedWithAMessageNamingTheKey() {
        for (String[] bad : new String[][] {
                {"{\"http\":{\"connectTimeoutMs\":\"soon\"}}", "http.connectTimeoutMs"},
                {"{\"http\":{\"idleTimeoutMs\":-1}}", "http.idleTimeoutMs"},
                {"{\"chatgpt\":{\"baseUrl\":\"ftp://x\"}}", "chatgpt.baseUrl"},
                {"{\"chatgpt\":{\"baseUrl\":42}}", "chatgpt.baseUrl"},
                {"{\"fallback\":[1,2]}", "fallback"},
                {"{\"local\":{\"maxTokens\":{\"a\":1}}}", "local.maxTokens"}}) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> build(bad[0], Map.of()), bad[0]);
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
        assertThrows(InvalidSettingException.class, () -> build("[1]", Map.of()));
    }

    @Test
    void aBadEnvironmentValueDoesNotStopTheServer() {
        Settings s = Settings.fromEnvironment(Map.of("CHAT_SIDECAR_CONNECT_TIMEOUT_MS", "never"));
        assertEquals(10000, s.integer(SettingKey.HTTP_CONNECT_TIMEOUT_MS));
        assertEquals(1, s.environmentProblems().size());
        assertTrue(s.environmentProblems().get(0).contains("CHAT_SIDECAR_CONNECT_TIMEOUT_MS"));
    }

    @Test
    void aBadEnvironmentValueIsSkippedAloneTheOtherValuesStillApply() throws Exception {
        Map<String, String> env = Map.of("OPENAI_BASE_URL", "localhost:11434",
                "CHAT_SIDECAR_LOCAL_MODEL", "/models/x.gguf", "CHAT_SIDECAR_FALLBACK", "local/x");
        for (Settings s : List.of(Settings.fromEnvironment(env), build("{\"defaultModel\":\"auto\"}", env))) {
            assertEquals("https://api.openai.com/v1", s.string(SettingKey.OPENAI_BASE_URL));
            assertEquals("/models/x.gguf", s.string(SettingKey.LOCAL_MODEL_PATH));
            assertEquals(List.of("local/x"), s.list(SettingKey.FALLBACK));
            assertEquals(1, s.environmentProblems().size());
            assertTrue(s.environmentProblems().get(0).contains("OPENAI_BASE_URL"), s.environmentProblems().toString());
        }
    }

    @Test
    void secretsAreMaskedInToString() throws Exception {
        Settings s = build("{\"openai\":{\"apiKey\":\"sk-very-secret-key-123\"}}", Map.of());
        assertFalse(s.toString().contains("sk-very-secret"));
        assertEquals("sk-very-secret-key-123", s.string(SettingKey.OPENAI_API_KEY));
    }

    @Test
    void passwordsInUrlsAreMaskedInToStringAndErrors() throws Exception {
        Settings s = build("{\"http\":{\"proxy\":\"http://me:proxy-secret@proxy.corp:3128\"}}", Map.of());
        assertFalse(s.toString().contains("proxy-secret"), s.toString());
        assertTrue(s.toString().contains("http://***@proxy.corp:3128"), s.toString());
        assertEquals("http://me:proxy-secret@proxy.corp:3128", s.string(SettingKey.HTTP_PROXY));
        InvalidSettingException badUrl = assertThrows(InvalidSettingException.class,
                () -> build("{\"openai\":{\"baseUrl\":\"https://me:url-secret@\"}}", Map.of()));
        assertFalse(badUrl.getMessage().contains("url-secret"), badUrl.getMessage());
    }

    @Test
    void aMistypedSecretIsNotRepeatedInTheError() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> build("{\"openai\":{\"apiKey\":987654321012}}", Map.of()));
        assertTrue(e.getMessage().contains("openai.apiKey") && e.getMessage().contains("a number"), e.getMessage());
        assertFalse(e.getMessage().contains("987654321012"), e.getMessage());
    }
}
