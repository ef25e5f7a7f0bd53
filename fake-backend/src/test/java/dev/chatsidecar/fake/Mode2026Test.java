package dev.chatsidecar.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The fake's 2026 mode, driven by hand: every check it makes, and the stream it sends. */
class Mode2026Test {
    private static FakeBackend start() {
        return FakeBackend.start(new FakeBackend.Options().mode(FakeBackend.Mode.Y2026).compression(false)
                .logRequests(false));
    }

    /** prepare + proof + finalize: {prepareToken, token, proof}. */
    private static String[] sentinel(FakeChatGptClient client, boolean fnv) throws Exception {
        HttpResponse<String> prepared = client.http.send(client.post(FakeRoutes.SENTINEL_PREPARE,
                "{\"p\":\"gAAAAACfake\"}").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, prepared.statusCode(), prepared.body());
        JsonObject json = JsonParser.parseString(prepared.body()).getAsJsonObject();
        assertTrue(json.has("so") && json.has("turnstile") && json.has("force_login"), json.toString());
        JsonObject pow = json.getAsJsonObject("proofofwork");
        String seed = pow.get("seed").getAsString();
        String difficulty = pow.get("difficulty").getAsString();
        String proof = fnv ? fnvProof(seed, difficulty) : ProofOfWork.PROOF_PREFIX
                + ProofOfWork.solve(seed, difficulty, FakeChatGptClient.config(), 500_000);
        JsonObject finalize = new JsonObject();
        finalize.addProperty("prepare_token", json.get("prepare_token").getAsString());
        finalize.addProperty("proofofwork", proof);
        HttpResponse<String> finalized = client.http.send(client.post(FakeRoutes.SENTINEL_FINALIZE,
                finalize.toString()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, finalized.statusCode(), finalized.body());
        String token = JsonParser.parseString(finalized.body()).getAsJsonObject().get("token").getAsString();
        return new String[] {json.get("prepare_token").getAsString(), token, proof};
    }

    private static String fnvProof(String seed, String difficulty) {
        JsonArray config = FakeChatGptClient.config();
        for (int i = 0; i < 7; i++) {
            config.add(0);
        }
        for (int nonce = 0; nonce < 500_000; nonce++) {
            config.set(3, new JsonPrimitive(nonce));
            String answer = ProofOfWork.encode(config);
            if (ProofOfWork.fnvHex(seed, answer).substring(0, difficulty.length()).compareTo(difficulty) <= 0) {
                return ProofOfWork.PROOF_PREFIX + answer + ProofOfWork.FNV_SUFFIX;
            }
        }
        throw new AssertionError("no FNV answer");
    }

    private static String conduit(FakeChatGptClient client, String trace) throws Exception {
        HttpResponse<String> response = client.http.send(client.post(FakeRoutes.CONDUIT,
                "{\"action\":\"next\",\"model\":\"auto\",\"parent_message_id\":\"client-created-root\"}")
                .header("x-oai-turn-trace-id", trace).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JsonParser.parseString(response.body()).getAsJsonObject().get("conduit_token").getAsString();
    }

    private static HttpRequest conversation(FakeChatGptClient client, String[] sentinel, String conduit, String trace) {
        JsonObject body = FakeChatGptClient.body("Hello fake", null, "client-created-root");
        return client.post(FakeRoutes.F_CONVERSATION, body.toString())
                .header("accept", "text/event-stream")
                .header(ConversationRoute.PREPARE_TOKEN_HEADER, sentinel[0])
                .header(ConversationRoute.REQUIREMENTS_TOKEN_HEADER, sentinel[1])
                .header(ConversationRoute.PROOF_TOKEN_HEADER, sentinel[2])
                .header("x-conduit-token", conduit)
                .header("x-oai-turn-trace-id", trace)
                .header("x-openai-target-path", FakeRoutes.F_CONVERSATION)
                .build();
    }

    @Test
    void aWholeTurnStreamsReasoningThenTheFinalAnswer() throws Exception {
        try (FakeBackend fake = start()) {
            FakeChatGptClient client = new FakeChatGptClient(fake);
            String trace = UUID.randomUUID().toString();
            HttpResponse<String> answer = client.http.send(conversation(client, sentinel(client, false),
                    conduit(client, trace), trace), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            String sse = answer.body();
            int analysis = sse.indexOf("\"channel\":\"analysis\"");
            int fin = sse.indexOf("\"channel\":\"final\"");
            assertTrue(analysis > 0 && fin > analysis, "analysis before final: " + sse);
            for (String type : new String[] {"resume_conversation_token", "input_message", "message_marker",
                    "title_generation", "server_ste_metadata", "message_stream_complete",
                    "conversation_detail_metadata"}) {
                assertTrue(sse.contains("\"type\":\"" + type + "\""), type);
            }
            assertTrue(sse.contains("end_turn\",\"o\":\"replace\",\"v\":false"), "the analysis ends without the turn");
            assertTrue(sse.trim().endsWith("data: [DONE]"), sse);
            assertEquals(1, fake.stats().sentinelFinalizePosts());
            assertEquals(1, fake.stats().conduitPrepares());
            assertEquals(1, fake.stats().conversationPosts());
        }
    }

    @Test
    void anFnvProofIsAcceptedAtFinalize() throws Exception {
        try (FakeBackend fake = start()) {
            FakeChatGptClient client = new FakeChatGptClient(fake);
            String trace = UUID.randomUUID().toString();
            assertEquals(200, client.http.send(conversation(client, sentinel(client, true), conduit(client, trace), trace),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void conduitsAreSingleUseAndBoundToTheirTraceId() throws Exception {
        try (FakeBackend fake = start()) {
            FakeChatGptClient client = new FakeChatGptClient(fake);
            String trace = UUID.randomUUID().toString();
            String conduit = conduit(client, trace);
            HttpResponse<String> wrongTrace = client.http.send(conversation(client, sentinel(client, false), conduit,
                    UUID.randomUUID().toString()), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, wrongTrace.statusCode(), wrongTrace.body());
            HttpResponse<String> reused = client.http.send(conversation(client, sentinel(client, false), conduit, trace),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, reused.statusCode(), "the conduit was spent: " + reused.body());
        }
    }

    @Test
    void finalizeRefusesABadProofAndThe2024PathsAreGone() throws Exception {
        try (FakeBackend fake = start()) {
            FakeChatGptClient client = new FakeChatGptClient(fake);
            HttpResponse<String> prepared = client.http.send(client.post(FakeRoutes.SENTINEL_PREPARE,
                    "{\"p\":\"gAAAAACfake\"}").build(), HttpResponse.BodyHandlers.ofString());
            String prepareToken = JsonParser.parseString(prepared.body()).getAsJsonObject().get("prepare_token")
                    .getAsString();
            String giveUp = ProofOfWork.PROOF_PREFIX + Base64.getEncoder().encodeToString(
                    "\"e\"".getBytes(StandardCharsets.UTF_8)) + ProofOfWork.FNV_SUFFIX;
            HttpResponse<String> refused = client.http.send(client.post(FakeRoutes.SENTINEL_FINALIZE,
                    "{\"prepare_token\":\"" + prepareToken + "\",\"proofofwork\":\"" + giveUp + "\"}").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, refused.statusCode(), refused.body());
            assertEquals(404, client.requirements("{\"p\":\"gAAAAACfake\"}").statusCode());
            HttpResponse<String> old = client.http.send(client.conversationRequest(
                    FakeChatGptClient.body("x", null, null), "t", "p"), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, old.statusCode());
        }
    }

    @Test
    void the2024ModeHasNoneOfThe2026Paths() throws Exception {
        try (FakeBackend fake = FakeBackend.start(new FakeBackend.Options().logRequests(false))) {
            FakeChatGptClient client = new FakeChatGptClient(fake);
            for (String path : new String[] {FakeRoutes.SENTINEL_PREPARE, FakeRoutes.SENTINEL_FINALIZE,
                    FakeRoutes.CONDUIT, FakeRoutes.F_CONVERSATION}) {
                assertEquals(404, client.http.send(client.post(path, "{}").build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode(), path);
            }
        }
    }
}
