package dev.chatsidecar.server.chatgpt;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.chatsidecar.protocol.ChatMessage;
import dev.chatsidecar.protocol.ConversationRef;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.protocol.GenerationOptions;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.backend.BackendRequest;
import dev.chatsidecar.server.backend.BackendResult;
import dev.chatsidecar.server.upstream.CancelSignal;
import dev.chatsidecar.server.settings.Settings;
import dev.chatsidecar.server.testing.TestSettings;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The 2025–26 flow against a WireMock chatgpt.com (protocol notes §8): every header and body field
 * of the two-call sentinel, the conduit and {@code f/conversation}, each fallback to the 2024 form,
 * challenges read before any work, and the selectable hash.
 */
class ChatGptFlow2026Test {
    static final String UA = "TestAgent/1.0 (chat-sidecar tests)";
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    @RegisterExtension
    final ChatGptTestbed bed = new ChatGptTestbed();

    private ChatGptBackend backend() {
        return bed.backend(new ChatGptOptions().zone(ZONE).prefetch(false));
    }

    private Settings settings(Object... extra) {
        Object[] base = {"chatgpt.baseUrl", bed.fake.baseUrl(), "chatgpt.userAgent", UA, "http.idleTimeoutMs", 5000};
        Object[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return TestSettings.of(all);
    }

    private static BackendResult ask(ChatGptBackend backend, Settings settings, ConversationRef conversation,
                                     RecordingSink sink, ChatMessage... messages) throws BackendException {
        return backend.complete(new BackendRequest(List.of(messages), "gpt-5", conversation, new GenerationOptions(),
                settings), sink, new CancelSignal());
    }

    private static JsonObject json(LoggedRequest request) {
        return FakeChatGpt.json(request);
    }

    @Test
    void theSentinelConduitAndConversationCarryEveryField() throws Exception {
        bed.fake.flow2026(FakeStreams.v1("conv-1", "msg-1", "Hel", "lo"));
        RecordingSink sink = new RecordingSink();
        BackendResult result = ask(backend(), settings(), null, sink, ChatMessage.user("Say hello"));
        assertEquals("Hello", sink.text());
        assertEquals("msg-1", result.conversation().parentMessageId);

        LoggedRequest prepare = bed.fake.requests(FakeChatGpt.PREPARE).get(0);
        assertTrue(json(prepare).get("p").getAsString().startsWith("gAAAAAC"), "requirements token");
        LoggedRequest finalize = bed.fake.requests(FakeChatGpt.FINALIZE).get(0);
        JsonObject finalizeBody = json(finalize);
        assertEquals("req-1", finalizeBody.get("prepare_token").getAsString());
        String proof = finalizeBody.get("proofofwork").getAsString();
        ProofCheck.assertSolves(proof, "seed-1", FakeChatGpt.DIFFICULTY);

        LoggedRequest conduit = bed.fake.requests(FakeChatGpt.CONDUIT).get(0);
        JsonObject conduitBody = json(conduit);
        assertEquals("next", conduitBody.get("action").getAsString());
        assertEquals(ConversationPayload.NEW_CHAT_ROOT, conduitBody.get("parent_message_id").getAsString());
        assertFalse(conduitBody.has("conversation_id"));
        assertEquals("gpt-5", conduitBody.get("model").getAsString());
        assertEquals("Europe/Berlin", conduitBody.get("timezone").getAsString());
        assertTrue(conduitBody.get("timezone_offset_min").getAsInt() <= -60, conduitBody.toString());
        assertEquals("none", conduitBody.get("client_prepare_state").getAsString());
        assertTrue(conduitBody.get("supports_buffering").getAsBoolean());
        assertEquals("[\"v1\"]", conduitBody.get("supported_encodings").toString());
        assertEquals("primary_assistant", conduitBody.getAsJsonObject("conversation_mode").get("kind").getAsString());
        assertEquals(0, conduitBody.getAsJsonArray("system_hints").size());
        String trace = conduit.getHeader("x-oai-turn-trace-id");
        UUID.fromString(trace);

        LoggedRequest conversation = bed.fake.requests(FakeChatGpt.F_CONVERSATION).get(0);
        assertEquals(FakeChatGpt.FINAL_TOKEN, conversation.getHeader("openai-sentinel-chat-requirements-token"));
        assertEquals("req-1", conversation.getHeader("openai-sentinel-chat-requirements-prepare-token"));
        assertEquals(proof, conversation.getHeader("openai-sentinel-proof-token"), "the same proof as finalize's");
        assertEquals(FakeChatGpt.CONDUIT_TOKEN, conversation.getHeader("x-conduit-token"));
        assertEquals(trace, conversation.getHeader("x-oai-turn-trace-id"), "one trace id per turn");
        assertEquals(FakeChatGpt.F_CONVERSATION, conversation.getHeader("x-openai-target-path"));
        assertEquals(FakeChatGpt.F_CONVERSATION, conversation.getHeader("x-openai-target-route"));
        assertEquals("text/event-stream", conversation.getHeader("accept"));
        JsonObject body = json(conversation);
        assertEquals(ConversationPayload.NEW_CHAT_ROOT, body.get("parent_message_id").getAsString());
        assertEquals("Europe/Berlin", body.get("timezone").getAsString());
        assertTrue(body.has("timezone_offset_min") && body.get("force_use_sse").getAsBoolean());
        assertEquals("Say hello", body.getAsJsonArray("messages").get(0).getAsJsonObject().getAsJsonObject("content")
                .getAsJsonArray("parts").get(0).getAsString());

        String sessionId = conversation.getHeader("oai-session-id");
        UUID.fromString(sessionId);
        for (LoggedRequest call : List.of(prepare, finalize, conduit, conversation)) {
            assertEquals(FakeChatGpt.COOKIE_DEVICE_ID, call.getHeader("oai-device-id"));
            assertEquals(sessionId, call.getHeader("oai-session-id"), "one session id");
            assertEquals("prod-abc123", call.getHeader("oai-client-version"), "the page's data-build");
            assertTrue(call.containsHeader("oai-language"));
            assertEquals(UA, call.getHeader("user-agent"));
            assertHonest(call);
        }
    }

    /** Nothing that would describe a browser this program is not. */
    private static void assertHonest(LoggedRequest call) {
        for (HttpHeader header : call.getHeaders().all()) {
            String name = header.key().toLowerCase(Locale.ROOT);
            assertFalse(name.startsWith("sec-ch-") || name.equals("oai-echo-logs") || name.equals("oai-telemetry"),
                    "fabricated header " + name);
        }
    }

    @Test
    void aFollowUpPreparesItsConduitForTheConversationAndTheFinalMessage() throws Exception {
        bed.fake.flow2026(FakeStreams.v1("conv-9", "final-2", "again"));
        RecordingSink sink = new RecordingSink();
        ask(backend(), settings(), new ConversationRef("conv-9", "final-1"), sink, ChatMessage.user("Hi"),
                new ChatMessage("assistant", "Hello"), ChatMessage.user("More"));
        JsonObject conduit = json(bed.fake.requests(FakeChatGpt.CONDUIT).get(0));
        assertEquals("conv-9", conduit.get("conversation_id").getAsString());
        assertEquals("final-1", conduit.get("parent_message_id").getAsString());
        JsonObject body = json(bed.fake.requests(FakeChatGpt.F_CONVERSATION).get(0));
        assertEquals("final-1", body.get("parent_message_id").getAsString());
        assertEquals(1, body.getAsJsonArray("messages").size(), "only the new message");
    }

    @Test
    void withoutTheTwoCallSentinelTheSingleCallIsUsedAndRemembered() throws Exception {
        bed.fake.homepage().requirements("").conduit().fConversation(FakeStreams.v1("c", "m", "ok"));
        ChatGptBackend backend = backend();
        for (int i = 0; i < 2; i++) {
            RecordingSink sink = new RecordingSink();
            ask(backend, settings(), null, sink, ChatMessage.user("q" + i));
            assertEquals("ok", sink.text());
        }
        assertEquals(1, bed.fake.requests(FakeChatGpt.PREPARE).size(), "the 404 is remembered for the session");
        assertEquals(2, bed.fake.requirementsRequests().size());
        LoggedRequest conversation = bed.fake.requests(FakeChatGpt.F_CONVERSATION).get(1);
        assertEquals("req-2", conversation.getHeader("openai-sentinel-chat-requirements-token"));
        assertFalse(conversation.containsHeader("openai-sentinel-chat-requirements-prepare-token"));
        assertEquals(FakeChatGpt.CONDUIT_TOKEN, conversation.getHeader("x-conduit-token"));
    }

    @Test
    void withoutTheConduitThe2024PathIsUsedAndRemembered() throws Exception {
        bed.fake.homepage().sentinel2026("").conversation(FakeStreams.v1("c", "m", "ok"));
        ChatGptBackend backend = backend();
        for (int i = 0; i < 2; i++) {
            RecordingSink sink = new RecordingSink();
            ask(backend, settings(), null, sink, ChatMessage.user("q" + i));
            assertEquals("ok", sink.text());
        }
        assertEquals(1, bed.fake.requests(FakeChatGpt.CONDUIT).size(), "the 404 is remembered for the session");
        assertEquals(0, bed.fake.requests(FakeChatGpt.F_CONVERSATION).size());
        LoggedRequest conversation = bed.fake.conversationRequests().get(0);
        assertEquals(FakeChatGpt.FINAL_TOKEN, conversation.getHeader("openai-sentinel-chat-requirements-token"));
        assertEquals("req-1", conversation.getHeader("openai-sentinel-chat-requirements-prepare-token"));
        assertFalse(conversation.containsHeader("x-conduit-token"));
        UUID.fromString(json(conversation).get("parent_message_id").getAsString()); // the 2024 body
    }

    @Test
    void aConversationPathThatAnswers404FallsBackWithTheSameTokens() throws Exception {
        bed.fake.homepage().sentinel2026("").conduit().conversation(FakeStreams.v1("c", "m", "ok"));
        RecordingSink sink = new RecordingSink();
        ask(backend(), settings(), null, sink, ChatMessage.user("q"));
        assertEquals("ok", sink.text());
        assertEquals(1, bed.fake.requests(FakeChatGpt.F_CONVERSATION).size());
        LoggedRequest fallback = bed.fake.conversationRequests().get(0);
        assertEquals(FakeChatGpt.FINAL_TOKEN, fallback.getHeader("openai-sentinel-chat-requirements-token"));
    }

    @Test
    void aChallengeOrALoginInThePrepareAnswerEndsTheRequestBeforeFinalize() {
        for (String demand : List.of("{\"so\": {\"required\": true}}", "{\"turnstile\": {\"required\": true, \"dx\": \"x\"}}",
                "{\"force_login\": true}")) {
            bed.fake.wm.resetRequests();
            bed.fake.homepage().sentinel2026(demand).conduit().fConversation(FakeStreams.v1("c", "m", "ok"));
            BackendException e = assertThrows(BackendException.class,
                    () -> ask(backend(), settings(), null, new RecordingSink(), ChatMessage.user("q")), demand);
            ErrorType expected = demand.contains("force_login") ? ErrorType.UNAUTHORIZED : ErrorType.CHALLENGE_REQUIRED;
            assertEquals(expected, e.type(), demand + ": " + e.getMessage());
            assertEquals(0, bed.fake.requests(FakeChatGpt.FINALIZE).size(), demand + ": no proof handed in");
            assertEquals(0, bed.fake.requests(FakeChatGpt.F_CONVERSATION).size());
        }
    }

    @Test
    void fnvIsSelectedBySettingWithItsSuffixSlotsAndHash() throws Exception {
        bed.fake.flow2026(FakeStreams.v1("c", "m", "ok"));
        ask(backend(), settings("chatgpt.powHash", "fnv"), null, new RecordingSink(), ChatMessage.user("q"));
        String p = json(bed.fake.requests(FakeChatGpt.PREPARE).get(0)).get("p").getAsString();
        assertTrue(p.endsWith("~S"), p);
        JsonArray requirementsConfig = decode(p.substring(7, p.length() - 2));
        assertEquals(25, requirementsConfig.size());
        assertEquals(1, requirementsConfig.get(3).getAsInt(), "the requirements token is not searched");
        String proof = json(bed.fake.requests(FakeChatGpt.FINALIZE).get(0)).get("proofofwork").getAsString();
        assertTrue(proof.startsWith("gAAAAAB") && proof.endsWith("~S"), proof);
        String answer = proof.substring(7, proof.length() - 2);
        assertEquals(25, decode(answer).size());
        String hex = fnv("seed-1" + answer);
        assertTrue(hex.substring(0, 6).compareTo(FakeChatGpt.DIFFICULTY) <= 0, hex);
    }

    @Test
    void anUnknownHashSettingIsAnInvalidRequest() {
        bed.fake.flow2026(FakeStreams.v1("c", "m", "ok"));
        BackendException e = assertThrows(BackendException.class,
                () -> ask(backend(), settings("chatgpt.powHash", "md5"), null, new RecordingSink(), ChatMessage.user("q")));
        assertEquals(ErrorType.INVALID_REQUEST, e.type());
        assertTrue(e.getMessage().contains("chatgpt.powHash"), e.getMessage());
    }

    @Test
    void http418OnTheConversationIsChallengeRequired() {
        bed.fake.homepage().sentinel2026("").conduit().stub(post(FakeChatGpt.F_CONVERSATION)
                .willReturn(aResponse().withStatus(418).withBody("I'm a teapot")));
        BackendException e = assertThrows(BackendException.class,
                () -> ask(backend(), settings(), null, new RecordingSink(), ChatMessage.user("q")));
        assertEquals(ErrorType.CHALLENGE_REQUIRED, e.type());
        assertEquals(418, e.httpStatus());
    }

    /** FNV-1a 32 with the murmur3 finaliser, written independently of {@link FnvPowHash}. */
    private static String fnv(String text) {
        long h = 2166136261L;
        for (char c : text.toCharArray()) {
            h = ((h ^ c) * 16777619L) & 0xffffffffL;
        }
        h ^= h >>> 16;
        h = (h * 0x85ebca6bL) & 0xffffffffL;
        h ^= h >>> 13;
        h = (h * 0xc2b2ae35L) & 0xffffffffL;
        h ^= h >>> 16;
        return String.format("%08x", h);
    }

    private static JsonArray decode(String base64) {
        return JsonParser.parseString(new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8))
                .getAsJsonArray();
    }
}
