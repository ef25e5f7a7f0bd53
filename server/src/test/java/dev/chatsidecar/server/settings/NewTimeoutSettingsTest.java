package dev.chatsidecar.server.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings of the ChatGPT 2025–26 work: answer deadline (0 = off), proof-of-work hash and bound. */
class NewTimeoutSettingsTest {

    @Test
    void defaultsAreGenerous() {
        Settings s = Settings.fromEnvironment(Map.of());
        assertEquals(600_000, s.integer(SettingKey.HTTP_ANSWER_TIMEOUT_MS));
        assertEquals(15_000, s.integer(SettingKey.CHATGPT_POW_TIMEOUT_MS));
        assertEquals("sha3", s.string(SettingKey.CHATGPT_POW_HASH));
    }

    @Test
    void theAnswerDeadlineMayBeZeroButNotNegative() throws Exception {
        Settings off = Settings.build(JsonParser.parseString("{\"http\": {\"answerTimeoutMs\": 0}}"), Map.of());
        assertEquals(0, off.integer(SettingKey.HTTP_ANSWER_TIMEOUT_MS));
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> Settings.build(JsonParser.parseString("{\"http.answerTimeoutMs\": -1}"), Map.of()));
        assertTrue(e.getMessage().contains("http.answerTimeoutMs") && e.getMessage().contains("0 or more"),
                e.getMessage());
        Settings env = Settings.build(null, Map.of("CHAT_SIDECAR_ANSWER_TIMEOUT_MS", "1234",
                "CHAT_SIDECAR_POW_HASH", "fnv", "CHAT_SIDECAR_POW_TIMEOUT_MS", "30000"));
        assertEquals(1234, env.integer(SettingKey.HTTP_ANSWER_TIMEOUT_MS));
        assertEquals("fnv", env.string(SettingKey.CHATGPT_POW_HASH));
        assertEquals(30_000, env.integer(SettingKey.CHATGPT_POW_TIMEOUT_MS));
    }

    @Test
    void theProofOfWorkBoundMustBePositive() {
        assertThrows(InvalidSettingException.class,
                () -> Settings.build(JsonParser.parseString("{\"chatgpt\": {\"powTimeoutMs\": 0}}"), Map.of()));
    }
}
