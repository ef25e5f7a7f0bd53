package dev.chatsidecar.server.chatgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.chatsidecar.protocol.ChatMessage;
import dev.chatsidecar.protocol.ConversationRef;
import dev.chatsidecar.protocol.GenerationOptions;
import dev.chatsidecar.server.backend.BackendRequest;
import dev.chatsidecar.server.backend.BackendResult;
import dev.chatsidecar.server.settings.Settings;
import dev.chatsidecar.server.testing.Await;
import dev.chatsidecar.server.testing.TestSettings;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole pipeline through {@link ChatGptBackend} against a WireMock chatgpt.com. */
class ChatGptBackendTest {
    static final String UA = "TestAgent/1.0 (chat-sidecar tests)";

    @RegisterExtension
    final ChatGptTestbed bed = new ChatGptTestbed();

    ChatGptBackend backend(ChatGptOptions options) {
        return bed.backend(options);
    }

    ChatGptBackend backend() {
        return backend(new ChatGptOptions());
    }

    Settings settings() {
        return TestSettings.of("chatgpt.baseUrl", bed.fake.baseUrl(), "chatgpt.userAgent", UA, "http.idleTimeoutMs", 5000);
    }

    static BackendResult ask(ChatGptBackend backend, Settings settings, List<ChatMessage> messages,
                             ConversationRef conversation, RecordingSink sink) throws BackendException {
        return backend.complete(new BackendRequest(messages, "gpt-4o", conversation, new GenerationOptions(), settings),
                sink, new CancelSignal());
    }

    @Test
    void runsTheThreeCallsWithTheExpectedHeadersAndBodies() throws Exception {
        bed.fake.homepage().requirements("").conversation(FakeStreams.v1("conv-1", "msg-1", "Hel", "lo", " w\u00f6rld"));
        RecordingSink sink = new RecordingSink();
        BackendResult result = ask(backend(), settings(),
                List.of(new ChatMessage("system", "Be brief."), ChatMessage.user("Say hello")), null, sink);

        assertEquals(List.of("Hel", "lo", " w\u00f6rld"), sink.deltas);
        assertTrue(sink.accepted);
        assertEquals("stop", result.finishReason());
        assertEquals("conv-1", result.conversation().id);
        assertEquals("msg-1", result.conversation().parentMessageId);

        LoggedRequest home = bed.fake.homepageRequests().get(0);
        assertEquals(UA, home.getHeader("user-agent"));
        assertTrue(home.getHeader("accept").startsWith("text/html"), home.getHeader("accept"));
        assertEquals("gzip", home.getHeader("accept-encoding"));

        LoggedRequest requirements = bed.fake.requirementsRequests().get(0);
        assertApiHeaders(requirements, "*/*");
        JsonArray requirementsConfig = ProofCheck.config(
                FakeChatGpt.json(requirements).get("p").getAsString().substring("gAAAAAC".length()));
        assertEquals(UA, requirementsConfig.get(4).getAsString());
        assertEquals("prod-abc123", requirementsConfig.get(6).getAsString());
        assertEquals(FakeChatGpt.COOKIE_DEVICE_ID, requirementsConfig.get(14).getAsString());

        LoggedRequest conversation = bed.fake.conversationRequests().get(0);
        assertApiHeaders(conversation, "text/event-stream");
        assertEquals("req-1", conversation.getHeader("openai-sentinel-chat-requirements-token"));
        JsonArray proofConfig = ProofCheck.assertSolves(conversation.getHeader("openai-sentinel-proof-token"), "seed-1",
                FakeChatGpt.DIFFICULTY);
        assertEquals(UA, proofConfig.get(4).getAsString());
        assertFalse(conversation.containsHeader("openai-sentinel-turnstile-token"));
        JsonObject body = FakeChatGpt.json(conversation);
        assertEquals("next", body.get("action").getAsString());
        assertEquals("gpt-4o", body.get("model").getAsString());
        assertTrue(body.get("force_use_sse").getAsBoolean());
        assertEquals("v1", body.getAsJsonArray("supported_encodings").get(0).getAsString());
        assertFalse(body.has("conversation_id"));
        UUID.fromString(body.get("parent_message_id").getAsString());
        JsonArray messages = body.getAsJsonArray("messages");
        assertEquals(2, messages.size());
        assertEquals("system", messages.get(0).getAsJsonObject().getAsJsonObject("author").get("role").getAsString());
        assertEquals("Say hello", messages.get(1).getAsJsonObject().getAsJsonObject("content")
                .getAsJsonArray("parts").get(0).getAsString());
    }

    private void assertApiHeaders(LoggedRequest request, String accept) {
        assertEquals(accept, request.getHeader("accept"));
        assertEquals("application/json", request.getHeader("content-type"));
        assertEquals(FakeChatGpt.COOKIE_DEVICE_ID, request.getHeader("oai-device-id"));
        assertEquals(bed.fake.baseUrl(), request.getHeader("origin"));
        assertEquals(bed.fake.baseUrl() + "/", request.getHeader("referer"));
        assertEquals(UA, request.getHeader("user-agent"));
        assertTrue(request.getHeader("oai-language").matches("[a-z]{2,3}(-[A-Za-z0-9]+)*"), request.getHeader("oai-language"));
        String cookie = request.getHeader("cookie");
        assertTrue(cookie.contains("oai-did=" + FakeChatGpt.COOKIE_DEVICE_ID) && cookie.contains("__cf_bm=cfbm-value"),
                cookie);
    }

    @Test
    void oneHomepageVisitServesManyRequestsAndEachTokenIsUsedOnce() throws Exception {
        bed.fake.homepage().requirements("").conversation(FakeStreams.v1("conv-1", "msg-1", "ok"));
        ChatGptBackend backend = backend();
        Settings settings = settings();
        List<String> usedTokens = new ArrayList<>();
        for (int request = 1; request <= 5; request++) {
            if (request > 1) {
                int expected = request;
                // steady state: the next token was fetched in the background after the previous answer
                Await.until(() -> bed.fake.requirementsRequests().size() == expected, Duration.ofSeconds(10),
                        "prefetch of requirements #" + expected);
            }
            int requirementsBefore = bed.fake.requirementsRequests().size();
            RecordingSink sink = new RecordingSink();
            ask(backend, settings, List.of(ChatMessage.user("ping " + request)), null, sink);
            assertEquals("ok", sink.text());
            LoggedRequest conversation = bed.fake.conversationRequests().get(request - 1);
            String token = conversation.getHeader("openai-sentinel-chat-requirements-token");
            usedTokens.add(token);
            ProofCheck.assertSolves(conversation.getHeader("openai-sentinel-proof-token"), bed.fake.issuer.seeds.get(token),
                    FakeChatGpt.DIFFICULTY);
            if (request > 1) {
                assertEquals("req-" + requirementsBefore, token, "the request used the token fetched before it began");
            }
        }
        assertEquals(1, bed.fake.homepageRequests().size());
        assertEquals(5, new HashSet<>(usedTokens).size(), "tokens reused: " + usedTokens);
        assertEquals(List.of("req-1", "req-2", "req-3", "req-4", "req-5"), usedTokens);
    }

    @Test
    void twoTurnConversationContinuesWithOnlyTheNewMessages() throws Exception {
        bed.fake.homepage().requirements("").conversation(FakeStreams.v1("conv-7", "assistant-1", "Hello", " there"));
        ChatGptBackend backend = backend();
        RecordingSink first = new RecordingSink();
        BackendResult one = ask(backend, settings(), List.of(ChatMessage.user("Hi")), null, first);
        assertEquals(new ConversationRef("conv-7", "assistant-1").id, one.conversation().id);

        bed.fake.conversation(FakeStreams.legacy("conv-7", "assistant-2", "Still", " here", "."));
        RecordingSink second = new RecordingSink();
        BackendResult two = ask(backend, settings(), List.of(ChatMessage.user("Hi"),
                new ChatMessage("assistant", first.text()), ChatMessage.user("Are you there?")), one.conversation(), second);
        assertEquals("Still here.", second.text());
        assertEquals("conv-7", two.conversation().id);
        assertEquals("assistant-2", two.conversation().parentMessageId);

        JsonObject body = FakeChatGpt.json(bed.fake.conversationRequests().get(1));
        assertEquals("conv-7", body.get("conversation_id").getAsString());
        assertEquals("assistant-1", body.get("parent_message_id").getAsString());
        JsonArray messages = body.getAsJsonArray("messages");
        assertEquals(1, messages.size());
        assertEquals("Are you there?", messages.get(0).getAsJsonObject().getAsJsonObject("content")
                .getAsJsonArray("parts").get(0).getAsString());
    }

    @Test
    void gzipAnswersAreDecoded() throws Exception {
        bed.fake.homepage().requirements("");
        byte[] gzipped = Gzip.bytes(FakeStreams.v1("conv-1", "msg-1", "squeezed ", "text"));
        bed.fake.stub(com.github.tomakehurst.wiremock.client.WireMock.post(FakeChatGpt.CONVERSATION).willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
                        .withHeader("content-type", "text/event-stream").withHeader("content-encoding", "gzip")
                        .withBody(gzipped)));
        RecordingSink sink = new RecordingSink();
        ask(backend(), settings(), List.of(ChatMessage.user("x")), null, sink);
        assertEquals("squeezed text", sink.text());
        assertEquals("gzip", bed.fake.conversationRequests().get(0).getHeader("accept-encoding"));
    }

    @Test
    void aPrefetchedTokenIsDiscardedWhenTheNetworkSettingsChange() throws Exception {
        bed.fake.homepage().requirements("").conversation(FakeStreams.v1("conv-1", "msg-1", "ok"));
        ChatGptBackend backend = backend();
        ask(backend, settings(), List.of(ChatMessage.user("one")), null, new RecordingSink());
        Await.until(() -> bed.fake.requirementsRequests().size() == 2, Duration.ofSeconds(10), "prefetch");
        Settings changed = TestSettings.of("chatgpt.baseUrl", bed.fake.baseUrl(), "chatgpt.userAgent", UA,
                "http.idleTimeoutMs", 5000, "http.connectTimeoutMs", 4321);
        ask(backend, changed, List.of(ChatMessage.user("two")), null, new RecordingSink());
        assertEquals("req-3", bed.fake.conversationRequests().get(1).getHeader("openai-sentinel-chat-requirements-token"));
        assertEquals(1, bed.fake.homepageRequests().size(), "the session itself does not depend on the proxy settings");
    }

    @Test
    void theDeviceIdIsPersistedWhenTheServerSetsNoCookie() throws Exception {
        bed.fake.stub(com.github.tomakehurst.wiremock.client.WireMock.get("/").willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200).withBody("<html></html>")));
        bed.fake.requirements("").conversation(FakeStreams.v1("conv-1", "msg-1", "ok"));
        ask(backend(), settings(), List.of(ChatMessage.user("x")), null, new RecordingSink());
        String sent = bed.fake.requirementsRequests().get(0).getHeader("oai-device-id");
        UUID.fromString(sent);
        assertEquals(sent, java.nio.file.Files.readString(bed.cacheDir.resolve(DeviceIdStore.FILE)).trim());
        JsonArray config = ProofCheck.config(FakeChatGpt.json(bed.fake.requirementsRequests().get(0)).get("p").getAsString()
                .substring("gAAAAAC".length()));
        assertTrue(config.get(6).isJsonNull(), "no data-build on the page, so no build id: " + config.get(6));
        assertEquals(sent, config.get(14).getAsString());
    }
}
