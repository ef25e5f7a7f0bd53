package dev.chatsidecar.server.chatgpt;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.chatsidecar.protocol.ChatMessage;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.protocol.GenerationOptions;
import dev.chatsidecar.server.backend.BackendRequest;
import dev.chatsidecar.server.settings.Settings;
import dev.chatsidecar.server.testing.Await;
import dev.chatsidecar.server.testing.MutableClock;
import dev.chatsidecar.server.testing.SharedFixtures;
import dev.chatsidecar.server.testing.TestSettings;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every failure type of the pipeline, with its hint, against a WireMock chatgpt.com. */
class ChatGptBackendErrorsTest {
    @RegisterExtension
    final ChatGptTestbed bed = new ChatGptTestbed();

    ChatGptBackend backend(ChatGptOptions options) {
        return bed.backend(options);
    }

    Settings settings() {
        return TestSettings.of("chatgpt.baseUrl", bed.fake.baseUrl(), "http.idleTimeoutMs", 5000);
    }

    String ask(ChatGptBackend backend, RecordingSink sink) throws BackendException {
        backend.complete(new BackendRequest(List.of(ChatMessage.user("hi")), "auto", null, new GenerationOptions(),
                settings()), sink, new CancelSignal());
        return sink.text();
    }

    BackendException failure(Consumer<FakeChatGpt> setup) {
        setup.accept(bed.fake);
        RecordingSink sink = new RecordingSink();
        BackendException e = assertThrows(BackendException.class, () -> ask(backend(new ChatGptOptions()), sink));
        assertFalse(e.getMessage().contains("cfbm-value") || e.getMessage().contains("req-1")
                || e.getMessage().contains("gAAAAA"), "secret in message: " + e.getMessage());
        assertFalse(e.hint() == null || e.hint().isBlank(), "every error has a hint");
        return e;
    }

    @Test
    void unusualActivityIsBlocked() {
        BackendException e = failure(f -> f.homepage().stub(post(FakeChatGpt.REQUIREMENTS).willReturn(aResponse()
                .withStatus(403).withHeader("content-type", "application/json").withBody("{\"detail\": \"Unusual activity "
                        + "has been detected from your device. Try again later. (8c1a)\"}"))));
        assertEquals(ErrorType.BLOCKED, e.type());
        assertEquals(403, e.httpStatus());
        assertTrue(e.getMessage().contains("Unusual activity"), e.getMessage());
        assertTrue(e.hint().contains("another network"), e.hint());
    }

    @Test
    void cloudflareChallengeIsBlockedWithANetworkHint() {
        BackendException e = failure(f -> f.stub(get("/").willReturn(aResponse().withStatus(403)
                .withHeader("cf-mitigated", "challenge").withHeader("content-type", "text/html")
                .withBody("<html><head><title>Just a moment...</title></head></html>"))));
        assertEquals(ErrorType.BLOCKED, e.type());
        assertEquals(403, e.httpStatus());
        assertTrue(e.hint().contains("VPN") && e.hint().contains("network"), e.hint());
        assertEquals(0, bed.fake.requirementsRequests().size());
    }

    @Test
    void tooManyRequestsIsRateLimitedWithRetryAfter() {
        BackendException e = failure(f -> f.homepage().requirements("").stub(post(FakeChatGpt.CONVERSATION)
                .willReturn(aResponse().withStatus(429).withHeader("retry-after", "37").withBody("slow down"))));
        assertEquals(ErrorType.RATE_LIMITED, e.type());
        assertEquals(429, e.httpStatus());
        assertEquals(37_000L, e.retryAfterMs());
        assertTrue(e.hint().contains("37 s"), e.hint());
    }

    @Test
    void modelCapIsRateLimitedWithClearsIn() {
        BackendException e = failure(f -> f.homepage().requirements("").stub(post(FakeChatGpt.CONVERSATION)
                .willReturn(aResponse().withStatus(429).withHeader("content-type", "application/json")
                        .withBody("{\"detail\":{\"message\":\"You've reached our limit of messages per 24 hours.\","
                                + "\"code\":\"model_cap_exceeded\",\"clears_in\":11461}}"))));
        assertEquals(ErrorType.RATE_LIMITED, e.type());
        assertEquals(11_461_000L, e.retryAfterMs());
    }

    @Test
    void unauthorizedRenewsTheSessionForTheNextRequest() {
        BackendException e = failure(f -> f.homepage().stub(post(FakeChatGpt.REQUIREMENTS)
                .willReturn(aResponse().withStatus(401).withBody("{\"detail\": \"Unauthorized\"}"))));
        assertEquals(ErrorType.UNAUTHORIZED, e.type());
        assertEquals(401, e.httpStatus());
        assertTrue(e.hint().contains("new one"), e.hint());
        assertEquals(1, bed.fake.homepageRequests().size(), "a fresh session is not retried");
    }

    @Test
    void serverErrorIsARetryableUpstreamError() {
        BackendException e = failure(f -> f.homepage().requirements("").stub(post(FakeChatGpt.CONVERSATION)
                .willReturn(aResponse().withStatus(502).withBody("<html><title>502 Bad Gateway</title></html>"))));
        assertEquals(ErrorType.UPSTREAM_ERROR, e.type());
        assertEquals(502, e.httpStatus());
        assertTrue(e.retryable());
    }

    @Test
    void validationErrorIsAProtocolError() {
        BackendException e = failure(f -> f.homepage().requirements("").stub(post(FakeChatGpt.CONVERSATION)
                .willReturn(aResponse().withStatus(422).withHeader("content-type", "application/json")
                        .withBody(SharedFixtures.chatgptText("error-422-missing-model.json")))));
        assertEquals(ErrorType.PROTOCOL_ERROR, e.type());
        assertEquals(422, e.httpStatus());
        assertTrue(e.getMessage().contains("body.model: field required"), e.getMessage());
    }

    @Test
    void requirementsThatAreNotJsonAreAProtocolError() {
        BackendException e = failure(f -> f.homepage().stub(post(FakeChatGpt.REQUIREMENTS)
                .willReturn(aResponse().withStatus(200).withBody("surprise"))));
        assertEquals(ErrorType.PROTOCOL_ERROR, e.type());
        assertEquals(200, e.httpStatus());
    }

    @Test
    void aJsonAnswerInsteadOfAStreamIsAProtocolError() {
        BackendException e = failure(f -> f.homepage().requirements("").stub(post(FakeChatGpt.CONVERSATION)
                .willReturn(aResponse().withStatus(200).withHeader("content-type", "application/json")
                        .withBody("{\"detail\": \"something new\"}"))));
        assertEquals(ErrorType.PROTOCOL_ERROR, e.type());
    }

    @Test
    void anErrorInsideTheStreamKeepsTheTextSoFar() {
        bed.fake.homepage().requirements("").conversation(FakeStreams.v1Start("c", "m", "Partial an")
                + "data: {\"message\": null, \"conversation_id\": \"c\", \"error\": \"Something went wrong.\"}\n\n");
        RecordingSink sink = new RecordingSink();
        BackendException e = assertThrows(BackendException.class, () -> ask(backend(new ChatGptOptions()), sink));
        assertEquals(ErrorType.UPSTREAM_ERROR, e.type());
        assertNull(e.httpStatus());
        assertEquals("Partial an", sink.text());
    }

    @Test
    void aClosedPortIsUnreachable() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        ChatGptBackend backend = backend(new ChatGptOptions());
        BackendException e = assertThrows(BackendException.class, () -> backend.complete(new BackendRequest(
                List.of(ChatMessage.user("hi")), "auto", null, new GenerationOptions(),
                TestSettings.of("chatgpt.baseUrl", "http://127.0.0.1:" + port)), new RecordingSink(), new CancelSignal()));
        assertEquals(ErrorType.UNREACHABLE, e.type());
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void turnstileIsChallengeRequiredAndNoConversationIsSent() {
        BackendException e = failure(f -> f.homepage().requirements("{\"turnstile\": {\"required\": true, \"dx\": \"x\"}}"));
        assertEquals(ErrorType.CHALLENGE_REQUIRED, e.type());
        assertTrue(e.getMessage().contains("Turnstile"), e.getMessage());
        assertTrue(e.hint().contains("does not solve") && e.hint().contains("fallback"), e.hint());
        assertEquals(0, bed.fake.conversationRequests().size());
    }

    @Test
    void arkoseIsNamedToo() {
        BackendException e = failure(f -> f.homepage().requirements("{\"arkose\": {\"required\": true, \"dx\": \"y\"}}"));
        assertEquals(ErrorType.CHALLENGE_REQUIRED, e.type());
        assertTrue(e.getMessage().contains("Arkose"), e.getMessage());
    }

    @Test
    void aPluggedTokenSourceSuppliesTheChallengeHeader() throws Exception {
        bed.fake.homepage().requirements("{\"turnstile\": {\"required\": true, \"dx\": \"dx-data\"}}")
                .conversation(FakeStreams.v1("c", "m", "fine"));
        List<String> seenDx = new ArrayList<>();
        ChatGptBackend backend = backend(new ChatGptOptions().challengeTokens((challenge, dx) -> {
            seenDx.add(challenge + ":" + dx);
            return Optional.of("token-from-user-source");
        }));
        assertEquals("fine", ask(backend, new RecordingSink()));
        assertEquals(List.of("TURNSTILE:dx-data"), seenDx);
        assertEquals("token-from-user-source",
                bed.fake.conversationRequests().get(0).getHeader("openai-sentinel-turnstile-token"));
    }

    @Test
    void aReusedSessionThatIsRefusedIsRenewedOnce() throws Exception {
        bed.fake.homepage().requirements("").conversation(FakeStreams.v1("c", "m", "ok"));
        ChatGptBackend backend = backend(new ChatGptOptions().prefetch(false));
        assertEquals("ok", ask(backend, new RecordingSink()));
        bed.fake.stub(post(FakeChatGpt.REQUIREMENTS).inScenario("expiry").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(403).withBody("{\"detail\": \"session expired\"}"))
                .willSetStateTo("renewed"));
        bed.fake.stub(post(FakeChatGpt.REQUIREMENTS).inScenario("expiry").whenScenarioStateIs("renewed")
                .willReturn(aResponse().withStatus(200).withHeader("content-type", "application/json")
                        .withTransformers(FakeChatGpt.Issuer.NAME).withTransformerParameter("extra", "")));
        assertEquals("ok", ask(backend, new RecordingSink()));
        assertEquals(2, bed.fake.homepageRequests().size(), "the refused session was replaced by a new visit");
        assertEquals(3, bed.fake.requirementsRequests().size());
    }

    @Test
    void anOldSessionIsReplaced() throws Exception {
        bed.fake.homepage().requirements("").conversation(FakeStreams.v1("c", "m", "ok"));
        MutableClock clock = new MutableClock(Instant.parse("2025-01-01T10:00:00Z"));
        ChatGptBackend backend = backend(new ChatGptOptions().clock(clock));
        ask(backend, new RecordingSink());
        Await.until(() -> bed.fake.requirementsRequests().size() == 2,
                Duration.ofSeconds(10), "the prefetch for the first session");
        clock.advance(ChatGptOptions.DEFAULT_SESSION_MAX_AGE.plus(Duration.ofSeconds(1)));
        ask(backend, new RecordingSink());
        assertEquals(2, bed.fake.homepageRequests().size());
        String secondToken = bed.fake.conversationRequests().get(1).getHeader("openai-sentinel-chat-requirements-token");
        assertEquals("req-3", secondToken, "the token prefetched for the old session was not used");
    }
}
