package dev.chatsidecar.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.chatsidecar.fake.FakeBackend;
import dev.chatsidecar.server.testing.ChildSidecar;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings that end up in HTTP headers ({@code openai.apiKey}, {@code chatgpt.userAgent}) holding
 * characters a header cannot carry, through the real server launched as the README says: the
 * value is refused when it is set ({@code invalid_request} naming the key at {@code initialize}, an
 * error {@code window/logMessage} on {@code didChangeConfiguration}, a warning for an environment
 * variable), the secret appears in no frame and not on stderr, the other backends keep answering,
 * and every error response carries the contract's {@code data} object.
 */
class HeaderBoundSettingsTest {
    /** The visible part of the key: it must appear nowhere, whichever bad character it carries. */
    private static final String KEY_BODY = "sk-hdr-7Qz4pL2m9X";
    /** Zero-width space, NUL, DEL, en dash, LF, CR LF: each pasted into the middle of the key. */
    private static final List<String> BAD_CHARACTERS = List.of("\u200B", "\u0000", "\u007F", "\u2013", "\n", "\r\n");

    @TempDir
    Path cache;

    @Test
    void aBadApiKeyIsRefusedAtInitializeWithoutEchoAndTheNextInitializeServes() throws Exception {
        try (FakeBackend fake = FakeBackend.start();
             ChildSidecar child = ChildSidecar.launchedAsEditorsDo(env(fake, Map.of()))) {
            for (String bad : BAD_CHARACTERS) {
                String key = KEY_BODY.substring(0, 7) + bad + KEY_BODY.substring(7);
                JsonObject refused = child.client.initialize("{\"openai\":{\"apiKey\":" + new JsonPrimitive(key) + "}}");
                assertTrue(refused.has("error"), "refused: " + refused);
                JsonObject error = refused.getAsJsonObject("error");
                assertEquals(-32602, error.get("code").getAsInt(), refused.toString());
                assertEquals("invalid_request", error.getAsJsonObject("data").get("type").getAsString());
                assertTrue(error.get("message").getAsString().contains("openai.apiKey"), refused.toString());
            }
            assertTrue(child.client.initialize("{}").has("result"),
                    "initialize with good settings still works");
            assertBackendsServe(child);
            assertNoLeak(child);
        }
    }

    @Test
    void aUserAgentWithALineBreakIsRefusedOnChangeAndThePreviousSettingsStay() throws Exception {
        try (FakeBackend fake = FakeBackend.start();
             ChildSidecar child = ChildSidecar.launchedAsEditorsDo(env(fake, Map.of()))) {
            assertTrue(child.client.initialize("{}").has("result"));
            child.client.notify("workspace/didChangeConfiguration", "{\"settings\":{\"chatgpt\":{\"userAgent\":"
                    + "\"Mozilla/5.0\\r\\nX-Injected: 1\"},\"openai\":{\"apiKey\":\"" + KEY_BODY + "\\u200B\"}}}");
            JsonObject log = child.client.awaitFrame(f -> f.has("method")
                    && f.get("method").getAsString().equals("window/logMessage"), "the rejection notice");
            assertEquals(1, log.getAsJsonObject("params").get("type").getAsInt(), log.toString());
            String message = log.getAsJsonObject("params").get("message").getAsString();
            assertTrue(message.contains("chatgpt.userAgent") || message.contains("openai.apiKey"), message);
            assertBackendsServe(child);
            assertTrue(fake.stats().requests().stream().allMatch(r -> r.headers().keySet().stream()
                    .noneMatch(name -> name.equalsIgnoreCase("X-Injected"))), "no injected header reached the upstream");
            assertNoLeak(child);
        }
    }

    @Test
    void aBadApiKeyInTheEnvironmentIsIgnoredAloneAndTheServerServes() throws Exception {
        Map<String, String> extra = Map.of("OPENAI_API_KEY", KEY_BODY + "\u2013x", "CHAT_SIDECAR_LOG", "debug");
        try (FakeBackend fake = FakeBackend.start();
             ChildSidecar child = ChildSidecar.launchedAsEditorsDo(env(fake, extra))) {
            assertTrue(child.client.initialize("{}").has("result"));
            assertBackendsServe(child);
            String stderr = assertNoLeak(child);
            assertTrue(stderr.contains("OPENAI_API_KEY") && stderr.contains("openai.apiKey"),
                    "the ignored variable is named: " + stderr);
        }
    }

    private Map<String, String> env(FakeBackend fake, Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>(Map.of("CHAT_SIDECAR_CHATGPT_BASE_URL", fake.baseUrl(),
                "OPENAI_BASE_URL", fake.openaiBaseUrl(), "XDG_CACHE_HOME", cache.toString()));
        env.putAll(extra);
        return env;
    }

    /** The model list answers, ChatGPT answers, and the OpenAI backend answers without a key. */
    private static void assertBackendsServe(ChildSidecar child) {
        JsonObject models = child.client.response(child.client.request("chat/models", "{}"));
        assertTrue(models.has("result"), models.toString());
        for (String model : List.of("auto", "openai/fake-gpt")) {
            JsonObject answer = child.client.response(child.client.request("chat/complete",
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],\"model\":\"" + model + "\"}"));
            assertTrue(answer.has("result"), model + " answers: " + answer);
        }
    }

    /** Ends the process; no frame and no stderr line holds the key, and every error has its data object. */
    private static String assertNoLeak(ChildSidecar child) throws Exception {
        child.client.response(child.client.request("shutdown", (String) null));
        child.client.notify("exit", null);
        String stderr = child.stderr();
        assertNull(child.client.wireError(), "stdout held only frames");
        for (String frame : child.client.rawFrames()) {
            assertFalse(frame.contains(KEY_BODY.substring(3)), "the key leaked into a frame: " + frame);
        }
        for (JsonObject frame : child.client.seen()) {
            if (frame.has("error") && frame.getAsJsonObject("error").get("code").getAsInt() != -32700) {
                assertTrue(frame.getAsJsonObject("error").get("data").isJsonObject(), "data is the object: " + frame);
            }
        }
        assertFalse(stderr.contains(KEY_BODY.substring(3)), "the key leaked into stderr: " + stderr);
        assertFalse(stderr.contains("\tat ") || stderr.contains("IllegalArgumentException"), "no stack trace: " + stderr);
        return stderr;
    }
}
