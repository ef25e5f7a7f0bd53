package dev.chatsidecar.server.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.gson.JsonObject;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.backend.ChatBackend;
import dev.chatsidecar.server.chatgpt.ChatGptBackend;
import dev.chatsidecar.server.chatgpt.ChatGptOptions;
import dev.chatsidecar.server.chatgpt.FakeStreams;
import dev.chatsidecar.server.http.HttpClientFactory;
import dev.chatsidecar.server.openai.OpenAiBackend;
import dev.chatsidecar.server.settings.SettingKey;
import dev.chatsidecar.server.testing.SelfSignedTls;
import dev.chatsidecar.server.testing.ServedSidecar;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS against a local HTTPS server with a certificate made at test time, through the real JSON-RPC
 * server and both HTTP backends: untrusted without {@code tls.caFile} ({@code unreachable} with a hint
 * naming the setting), answered with it, and no setting or variable that switches verification off.
 */
class TlsVerificationTest {
    @TempDir
    static Path dir;
    static SelfSignedTls tls;
    static WireMockServer https;
    @TempDir
    Path cacheDir;

    @BeforeAll
    static void start() throws Exception {
        tls = SelfSignedTls.create(dir);
        https = new WireMockServer(options().dynamicPort().dynamicHttpsPort().bindAddress("127.0.0.1").gzipDisabled(true)
                .keystorePath(tls.keyStore().toString()).keystoreType("PKCS12").keystorePassword(SelfSignedTls.PASSWORD)
                .keyManagerPassword(SelfSignedTls.PASSWORD));
        https.start();
        https.stubFor(get("/").willReturn(aResponse().withStatus(200).withHeader("content-type", "text/html")
                .withBody("<html data-build=\"tls-build\"></html>")));
        https.stubFor(post("/backend-anon/sentinel/chat-requirements").willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "application/json")
                .withBody("{\"token\": \"tls-token\", \"proofofwork\": {\"required\": false}}")));
        https.stubFor(post("/backend-anon/conversation").willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "text/event-stream")
                .withBody(FakeStreams.v1("c", "m", "secure ", "hello"))));
        https.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "text/event-stream")
                .withBody(UpstreamOpenAiStreamFaultsTest.chunk("secure ") + UpstreamOpenAiStreamFaultsTest.chunk("hello")
                        + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n")));
    }

    @AfterAll
    static void stop() {
        https.stop();
    }

    private ServedSidecar sidecar(String extraSettings, Map<String, String> env) {
        String origin = "https://127.0.0.1:" + https.httpsPort();
        List<ChatBackend> backends = List.of(new ChatGptBackend(new ChatGptOptions().deviceIdDir(cacheDir)
                .http(new HttpClientFactory()).prefetch(false)), new OpenAiBackend());
        return new ServedSidecar(backends, "{\"chatgpt\":{\"baseUrl\":\"" + origin + "\"},\"openai\":{\"baseUrl\":\""
                + origin + "/v1\",\"models\":[\"m\"]}" + extraSettings + "}", env);
    }

    private static String model(String backend) {
        return backend.equals("chatgpt") ? "auto" : "openai/m";
    }

    private static void assertUntrusted(ServedSidecar.Answer answer) {
        JsonObject data = answer.assertFailure(ErrorType.UNREACHABLE, null, "");
        assertTrue(data.get("message").getAsString().contains("not trusted"), data.toString());
        assertTrue(data.get("hint").getAsString().contains("tls.caFile"), data.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"chatgpt", "openai"})
    void aSelfSignedServerIsNotTrustedWithoutACaFile(String backend) {
        try (ServedSidecar s = sidecar("", Map.of())) {
            assertUntrusted(s.await(s.start("hi", model(backend))));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"chatgpt", "openai"})
    void theCaFileMakesItTrustedAndTheAnswerArrives(String backend) {
        String caFile = tls.certificatePem().toString().replace("\\", "\\\\");
        try (ServedSidecar s = sidecar(",\"tls\":{\"caFile\":\"" + caFile + "\"}", Map.of())) {
            s.await(s.start("hi", model(backend))).assertAnswered("secure hello");
        }
    }

    @Test
    void noSettingOrVariableTurnsVerificationOff() {
        for (SettingKey key : SettingKey.values()) {
            String names = (key.key() + " " + String.join(" ", key.envNames())).toLowerCase(Locale.ROOT);
            for (String word : List.of("insecure", "verify", "trustall", "reject", "skip", "unsafe")) {
                assertFalse(names.contains(word), key.key() + " looks like a switch that weakens TLS");
            }
        }
        String lookalikes = ",\"tls\":{\"insecure\":true,\"verify\":false,\"rejectUnauthorized\":false,\"trustAll\":true},"
                + "\"http\":{\"insecure\":true,\"verifySsl\":false},\"tls.insecure\":true";
        Map<String, String> env = Map.of("NODE_TLS_REJECT_UNAUTHORIZED", "0", "CHAT_SIDECAR_INSECURE", "1",
                "CHAT_SIDECAR_TLS_VERIFY", "false", "PYTHONHTTPSVERIFY", "0", "CURL_INSECURE", "1");
        for (String backend : List.of("chatgpt", "openai")) {
            try (ServedSidecar s = sidecar(lookalikes, env)) {
                assertUntrusted(s.await(s.start("hi", model(backend))));
            }
        }
    }
}
