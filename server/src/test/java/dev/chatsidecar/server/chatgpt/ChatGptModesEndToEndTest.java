package dev.chatsidecar.server.chatgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.chatsidecar.fake.FakeAnswers;
import dev.chatsidecar.fake.FakeBackend;
import dev.chatsidecar.fake.RecordedRequest;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.http.HttpClientFactory;
import dev.chatsidecar.server.settings.Settings;
import dev.chatsidecar.server.testing.Await;
import dev.chatsidecar.server.testing.ServedSidecar;
import dev.chatsidecar.server.testing.TestSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The ChatGPT backend behind the real JSON-RPC server against the fake backend in its 2024 and 2026
 * modes: answers stream with one blocking round trip in steady state, a follow-up continues the
 * conversation, reasoning never reaches the answer, a handoff or an empty stream is never a success,
 * moderation blocks, and a demanded challenge ends the request before any proof of work is paid.
 */
class ChatGptModesEndToEndTest {
    /** Fourteen zero digits: a proof of work that would run into its bound if it were ever started. */
    private static final String IMPOSSIBLE = "00000000000000";

    @TempDir
    Path cacheDir;

    private ChatGptBackend backend;

    private ServedSidecar sidecar(FakeBackend fake) {
        backend = new ChatGptBackend(new ChatGptOptions().deviceIdDir(cacheDir).http(new HttpClientFactory()));
        return new ServedSidecar(List.of(backend), "{\"chatgpt\":{\"baseUrl\":\"" + fake.baseUrl() + "\"}}");
    }

    private static FakeBackend fake(FakeBackend.Mode mode) {
        return FakeBackend.start(new FakeBackend.Options().mode(mode).logRequests(false));
    }

    @ParameterizedTest
    @EnumSource(FakeBackend.Mode.class)
    void steadyStateTakesOneRoundTripAndAFollowUpContinues(FakeBackend.Mode mode) {
        try (FakeBackend fake = fake(mode); ServedSidecar s = sidecar(fake)) {
            Settings settings = TestSettings.of("chatgpt.baseUrl", fake.baseUrl());
            ServedSidecar.Answer first = s.complete("Hi");
            first.assertAnswered(FakeAnswers.answerFor("Hi", 1));
            JsonObject conversation = first.result().getAsJsonObject("conversation");
            Await.until(() -> backend.prefetchSettled(settings), Duration.ofSeconds(20), "prefetch");

            int before = fake.stats().requests().size();
            JsonObject params = followUp(conversation, "Hi", FakeAnswers.answerFor("Hi", 1), "More?");
            int id = s.server.client.request("chat/complete", params);
            JsonObject response = s.server.client.response(id);
            assertTrue(response.has("result"), "follow-up: " + response);
            JsonObject result = response.getAsJsonObject("result");
            assertEquals(FakeAnswers.answerFor("More?", 2), result.get("text").getAsString(), "the server knew the turn");
            assertEquals(conversation.get("id"), result.getAsJsonObject("conversation").get("id"));

            // one snapshot: the prefetch for the next turn may add requests between two calls
            List<RecordedRequest> all = fake.stats().requests();
            List<RecordedRequest> calls = all.subList(before, all.size());
            String conversationPath = mode == FakeBackend.Mode.Y2026 ? "/backend-anon/f/conversation"
                    : "/backend-anon/conversation";
            assertEquals(conversationPath, calls.get(0).path(), "the conversation is the only blocking call: " + calls);
            if (mode == FakeBackend.Mode.Y2026) {
                RecordedRequest post = calls.get(0);
                assertTrue(post.header("x-conduit-token") != null && post.header("x-oai-turn-trace-id") != null, "conduit");
                assertEquals(conversationPath, post.header("x-openai-target-path"));
                assertTrue(post.header("openai-sentinel-chat-requirements-prepare-token") != null, "prepare token");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(FakeBackend.Mode.class)
    void reasoningNeverReachesTheAnswer(FakeBackend.Mode mode) {
        try (FakeBackend fake = fake(mode); ServedSidecar s = sidecar(fake)) {
            ServedSidecar.Answer answer = s.complete("Think first");
            String expected = FakeAnswers.answerFor("Think first", 1);
            answer.assertAnswered(expected);
            assertFalse(answer.result().get("text").getAsString().contains(FakeAnswers.REASONING));
            StringBuilder reasoning = new StringBuilder();
            for (JsonObject value : answer.progress()) {
                if (value.has("reasoning")) {
                    reasoning.append(value.get("reasoning").getAsString());
                }
            }
            if (mode == FakeBackend.Mode.Y2026) {
                assertEquals(FakeAnswers.REASONING, reasoning.toString(), "reasoning in the reports");
                assertEquals(FakeAnswers.REASONING, answer.result().get("reasoning").getAsString(), "in the result");
            } else {
                assertEquals("", reasoning.toString());
                assertNull(answer.result().get("reasoning"));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(FakeBackend.Mode.class)
    void aHandoffAnEmptyStreamAndModerationAreNeverASuccess(FakeBackend.Mode mode) {
        try (FakeBackend fake = fake(mode); ServedSidecar s = sidecar(fake)) {
            JsonObject handoff = s.complete("[[handoff]]").assertFailure(ErrorType.UPSTREAM_ERROR, null, "");
            assertTrue(handoff.get("message").getAsString().contains("stream_handoff"), handoff.toString());
            JsonObject empty = s.complete("[[empty]]").assertFailure(ErrorType.UPSTREAM_ERROR, null, "");
            assertTrue(empty.get("message").getAsString().contains("without any answer text"), empty.toString());
            String prompt = "[[moderation]] one two three four five six";
            JsonObject blocked = s.complete(prompt).assertFailure(ErrorType.BLOCKED, null,
                    FakeAnswers.partialAnswerFor(prompt, 1));
            assertFalse(blocked.get("retryable").getAsBoolean());
        }
    }

    @ParameterizedTest
    @EnumSource(FakeBackend.Mode.class)
    void aDemandedChallengeEndsTheRequestBeforeAnyProofOfWork(FakeBackend.Mode mode) {
        FakeBackend.Options options = new FakeBackend.Options().mode(mode).logRequests(false)
                .challenge(FakeBackend.Challenge.TURNSTILE).difficulty(IMPOSSIBLE);
        try (FakeBackend fake = FakeBackend.start(options); ServedSidecar s = sidecar(fake)) {
            long start = System.nanoTime();
            JsonObject data = s.complete("hi").assertFailure(ErrorType.CHALLENGE_REQUIRED, null, "");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(data.get("message").getAsString().contains("Turnstile"), data.toString());
            // paying the impossible proof would have run into its bound (seconds) and failed differently
            assertEquals(0, fake.stats().sentinelFinalizePosts(), "no proof handed in");
            assertEquals(0, fake.stats().conversationPosts(), "no conversation");
            System.out.println(mode + ": challenge_required after " + ms + " ms");
        }
    }

    @ParameterizedTest
    @EnumSource(FakeBackend.Mode.class)
    void http418AndAChallengeCodeAreChallengeRequired(FakeBackend.Mode mode) {
        try (FakeBackend fake = fake(mode); ServedSidecar s = sidecar(fake)) {
            s.complete("[[error:418]]").assertFailure(ErrorType.CHALLENGE_REQUIRED, 418, "");
            s.complete("[[challenge]]").assertFailure(ErrorType.CHALLENGE_REQUIRED, 403, "");
            s.complete("after").assertAnswered(FakeAnswers.answerFor("after", 1));
        }
    }

    private static JsonObject followUp(JsonObject conversation, String... turns) {
        JsonArray messages = new JsonArray();
        for (int i = 0; i < turns.length; i++) {
            JsonObject message = new JsonObject();
            message.addProperty("role", i % 2 == 0 ? "user" : "assistant");
            message.addProperty("content", turns[i]);
            messages.add(message);
        }
        JsonObject params = new JsonObject();
        params.add("messages", messages);
        params.add("conversation", conversation);
        params.add("workDoneToken", new JsonPrimitive("follow-up"));
        return params;
    }
}
