package dev.chatsidecar.server.reliability;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.chatsidecar.fake.FakeBackend;
import dev.chatsidecar.fake.RecordedRequest;
import dev.chatsidecar.server.backend.ChatBackend;
import dev.chatsidecar.server.chatgpt.ChatGptBackend;
import dev.chatsidecar.server.chatgpt.ChatGptOptions;
import dev.chatsidecar.server.http.HttpClientFactory;
import dev.chatsidecar.server.log.Log;
import dev.chatsidecar.server.openai.OpenAiBackend;
import dev.chatsidecar.server.testing.ServedSidecar;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret reaches a log line (at trace level, the most talkative) or anything sent to the client
 * (results, error messages and hints, log notifications): answers, failures of every kind, a cancel
 * and a rejected settings change run through the real JSON-RPC server against the fake chatgpt.com
 * and a fake OpenAI API with a key; then every secret value the upstream actually received — cookie
 * values (the {@code __Secure-fake-session} session cookie among them), requirements tokens, proof
 * tokens, the {@code p} requirements proof and the API key — is searched for in the captured stderr
 * and in every frame on stdout.
 */
class SecretsNeverLeakTest {
    /** Not in the {@code sk-...} shape, so that only discipline, not a redaction pattern, keeps it out. */
    private static final String API_KEY = "sentinel-api-key-7f3a9c2e51";
    private static final String PROXY_PASSWORD = "proxy-pass-5e7b1d";
    private static final String REJECTED_KEY = "98765432109876";
    private static final String URL_PASSWORD = "url-pass-c4a2f9";

    @TempDir
    Path cacheDir;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @AfterEach
    void restoreLogging() {
        Log.setStream(System.err);
        Log.setLevel("info");
    }

    @Test
    void noSecretAppearsInLogsOrInAnythingSentToTheClient() throws Exception {
        Log.setStream(captured);
        Log.captureJavaUtilLogging();
        List<String> frames;
        Map<String, String> secrets = new LinkedHashMap<>();
        try (FakeBackend fake = FakeBackend.start(new FakeBackend.Options().apiKey(API_KEY))) {
            List<ChatBackend> backends = List.of(new ChatGptBackend(new ChatGptOptions().deviceIdDir(cacheDir)
                    .http(new HttpClientFactory())), new OpenAiBackend());
            String settings = "{\"log\":{\"level\":\"trace\"},\"chatgpt\":{\"baseUrl\":\"" + fake.baseUrl() + "\"},"
                    + "\"openai\":{\"baseUrl\":\"" + fake.openaiBaseUrl() + "\",\"apiKey\":\"" + API_KEY + "\"}}";
            try (ServedSidecar s = new ServedSidecar(backends, settings)) {
                s.server.client.response(s.server.client.request("chat/models", "{}"));
                for (String prompt : List.of("hello", "hello again", "[[error:401]]", "[[error:403]]", "[[error:429]]",
                        "[[error:500]]", "[[cloudflare]]", "[[cap]]", "mid [[inStreamError]] way", "[[cut]] short")) {
                    s.complete(prompt);
                    s.await(s.start(prompt, "openai/fake-gpt"));
                }
                s.await(s.start("no such model", "openai/missing-model"));
                int slow = s.start("[[slow]]");
                s.server.client.awaitFrame(f -> f.toString().contains("\"delta\""), "a delta of the slow answer");
                s.server.client.notify("$/cancelRequest", "{\"id\":" + slow + "}");
                s.await(slow);
                // credentials in settings: a proxy URL with a password (used, and failing), then rejected values
                secrets.put(PROXY_PASSWORD, "proxy password");
                secrets.put(REJECTED_KEY, "rejected api key");
                secrets.put(URL_PASSWORD, "password in a rejected URL");
                s.server.client.notify("workspace/didChangeConfiguration", "{\"settings\":" + settings.replace("}}",
                        "},\"http\":{\"proxy\":\"http://user:" + PROXY_PASSWORD + "@127.0.0.1:9\"}}") + "}");
                s.server.client.response(s.server.client.request("chat/models", "{}"));
                s.await(s.start("through the proxy", "openai/fake-gpt"));
                s.server.client.notify("workspace/didChangeConfiguration", "{\"settings\":{\"openai\":{\"apiKey\":"
                        + REJECTED_KEY + "}}}");
                s.server.client.notify("workspace/didChangeConfiguration", "{\"settings\":{\"openai\":{\"baseUrl\":"
                        + "\"https://user:" + URL_PASSWORD + "@\"}}}");
                s.server.client.response(s.server.client.request("chat/models", "{}"));
                frames = s.server.client.rawFrames();
            }
            for (RecordedRequest request : fake.stats().requests()) {
                collect(request, secrets);
            }
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains(" TRACE ") && log.contains(" DEBUG "), "logging ran at trace level");
        Set<String> kinds = Set.copyOf(secrets.values());
        for (String kind : List.of("cookie __Secure-fake-session", "requirements token", "proof token", "api key",
                "requirements proof p")) {
            assertTrue(kinds.contains(kind), "the upstream received a " + kind + ": " + kinds);
        }
        String stdout = String.join("\n", frames);
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            assertFalse(log.contains(secret.getKey()), secret.getValue() + " leaked into the log: "
                    + around(log, secret.getKey()));
            assertFalse(stdout.contains(secret.getKey()), secret.getValue() + " leaked to the client: "
                    + around(stdout, secret.getKey()));
        }
        System.out.println("SecretsNeverLeakTest: " + secrets.size() + " secret values checked against "
                + log.length() + " chars of trace log and " + frames.size() + " frames");
    }

    /** The line around the first place {@code secret} occurs (masked), to show where it leaked. */
    private static String around(String text, String secret) {
        int at = text.indexOf(secret);
        int from = text.lastIndexOf('\n', at) + 1;
        int to = text.indexOf('\n', at);
        return text.substring(from, to < 0 ? text.length() : to).replace(secret, "<SECRET>");
    }

    /** The secret values of one request the upstream received, with what each one is. */
    private static void collect(RecordedRequest request, Map<String, String> secrets) {
        String cookies = request.header("cookie");
        if (cookies != null) {
            for (String pair : cookies.split(";")) {
                String[] nameValue = pair.trim().split("=", 2);
                if (nameValue.length == 2 && nameValue[1].length() >= 8) {
                    secrets.put(nameValue[1], "cookie " + nameValue[0]);
                }
            }
        }
        put(secrets, request.header("openai-sentinel-chat-requirements-token"), "requirements token");
        put(secrets, request.header("openai-sentinel-proof-token"), "proof token");
        String authorization = request.header("authorization");
        if (authorization != null) {
            put(secrets, authorization.replaceFirst("(?i)^bearer\\s+", ""), "api key");
        }
        if (request.path().endsWith("/chat-requirements") && !request.body().isBlank()) {
            JsonObject body = JsonParser.parseString(request.body()).getAsJsonObject();
            put(secrets, body.get("p").getAsString(), "requirements proof p");
        }
    }

    private static void put(Map<String, String> secrets, String value, String kind) {
        if (value != null && !value.isBlank()) {
            secrets.put(value, kind);
        }
    }
}
