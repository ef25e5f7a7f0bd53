package dev.chatsidecar.server.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Values bound for HTTP headers are refused when set, naming the key and never echoing a secret. */
class HeaderTextTest {
    private static final String SECRET_PART = "Zq81-secret-body";
    private static final Set<SettingKey.Kind> HEADER_BOUND = EnumSet.of(SettingKey.Kind.HEADER, SettingKey.Kind.SECRET,
            SettingKey.Kind.URL);

    private static Settings withValue(SettingKey key, String value) throws InvalidSettingException {
        JsonObject settings = new JsonObject();
        settings.addProperty(key.key(), value);
        return Settings.build(settings, Map.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u200B", "\u0000", "\u007F", "\u2013", "\n", "\r\n", "\u00E9", " "})
    void anApiKeyWithACharacterAHeaderCannotCarryIsRefusedWithoutEcho(String bad) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> withValue(SettingKey.OPENAI_API_KEY, "sk-" + bad + SECRET_PART));
        assertTrue(e.getMessage().startsWith("setting openai.apiKey"), e.getMessage());
        assertTrue(e.getMessage().contains("character 4 is U+"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET_PART), e.getMessage());
    }

    @Test
    void theMessageSaysWhatTheCharacterIs() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> withValue(SettingKey.OPENAI_API_KEY, "sk-ab\u200Bc"));
        assertTrue(e.getMessage().contains("character 6 is U+200B (an invisible or non-ASCII character)"), e.getMessage());
        InvalidSettingException lf = assertThrows(InvalidSettingException.class,
                () -> withValue(SettingKey.CHATGPT_USER_AGENT, "Mozilla\nX: y"));
        assertTrue(lf.getMessage().contains("chatgpt.userAgent") && lf.getMessage().contains("U+000A (a line break)"),
                lf.getMessage());
    }

    @Test
    void aUserAgentMayHoldSpacesAndAKeyEveryPrintableCharacter() throws Exception {
        String agent = "Mozilla/5.0 (X11; Linux x86_64)\tFirefox/140.0";
        assertEquals(agent, withValue(SettingKey.CHATGPT_USER_AGENT, agent).string(SettingKey.CHATGPT_USER_AGENT));
        String key = "sk-proj_AZaz09-._~+/=!#$%&'*^`|";
        assertEquals(key, withValue(SettingKey.OPENAI_API_KEY, key).string(SettingKey.OPENAI_API_KEY));
    }

    @Test
    void aUrlWithNonAsciiCharactersIsRefusedNamingTheKey() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> withValue(SettingKey.CHATGPT_BASE_URL, "https://chatgpt.com/\u2013/x"));
        assertTrue(e.getMessage().contains("chatgpt.baseUrl") && e.getMessage().contains("U+2013"), e.getMessage());
        assertTrue(e.getMessage().contains("https://chatgpt.com/\\u2013/x"), "shown escaped: " + e.getMessage());
    }

    @Test
    void everyHeaderBoundKeyRefusesALineBreak() {
        int checked = 0;
        for (SettingKey key : SettingKey.values()) {
            if (HEADER_BOUND.contains(key.kind())) {
                InvalidSettingException e = assertThrows(InvalidSettingException.class,
                        () -> withValue(key, "http://127.0.0.1/a\r\nX-Injected: 1"), key.key());
                assertTrue(e.getMessage().contains(key.key()), e.getMessage());
                checked++;
            }
        }
        assertTrue(checked >= 5, "user agent, api key and the URLs are checked: " + checked);
    }

    @Test
    void aBadEnvironmentVariableIsIgnoredAloneWithoutEcho() throws Exception {
        Settings s = Settings.build(null, Map.of("OPENAI_API_KEY", "sk-" + SECRET_PART + "\u200B",
                "CHAT_SIDECAR_LOCAL_MODEL", "/models/m.gguf", "CHAT_SIDECAR_USER_AGENT", "a\u0000b"));
        assertFalse(s.isSet(SettingKey.OPENAI_API_KEY));
        assertFalse(s.isSet(SettingKey.CHATGPT_USER_AGENT));
        assertEquals("/models/m.gguf", s.string(SettingKey.LOCAL_MODEL_PATH), "the other variables still apply");
        String problem = String.join("\n", s.environmentProblems());
        assertTrue(problem.contains("OPENAI_API_KEY") && problem.contains("CHAT_SIDECAR_USER_AGENT"), problem);
        assertFalse(problem.contains(SECRET_PART), problem);
    }

    @Test
    void firstIllegalAndVisible() {
        assertNull(HeaderText.firstIllegal("a b", true));
        assertEquals("character 2 is U+0020 (a space)", HeaderText.firstIllegal("a b", false));
        assertEquals("a\\u000D\\u000Ab", HeaderText.visible("a\r\nb"));
    }
}
