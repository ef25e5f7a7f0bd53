package dev.chatsidecar.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** A minimal client of the fake's ChatGPT endpoints, doing what the sidecar does, for tests. */
final class FakeChatGptClient {
    static final String TEST_VECTOR_CONFIG = "[3016,\"Mon Oct 07 2024 10:00:00 GMT-0500 (Eastern Standard Time)\","
            + "4294705152,0,\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/127.0.0.0 Safari/537.36\",null,\"prod-test\",\"en-US\",\"en-US,es-US,en,es\",0,"
            + "\"vendor\u2212Google Inc.\",\"location\",\"onblur\",1234.5,\"00000000-0000-4000-8000-000000000000\","
            + "\"\",8,1728300000000]";

    private final FakeBackend fake;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    FakeChatGptClient(FakeBackend fake) {
        this.fake = fake;
    }

    static JsonArray config() {
        return JsonParser.parseString(TEST_VECTOR_CONFIG).getAsJsonArray();
    }

    /** Posts to chat-requirements with a well-formed {@code p}; returns the response. */
    HttpResponse<String> requirements(String body) throws IOException, InterruptedException {
        return http.send(post("/backend-anon/sentinel/chat-requirements", body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Fetches requirements and returns {token, proof} headers ready for a conversation request. */
    String[] sentinelHeaders() throws IOException, InterruptedException {
        HttpResponse<String> response = requirements("{\"p\":\"gAAAAACfake\"}");
        JsonObject json = JsonParser.parseString(response.body()).getAsJsonObject();
        JsonObject pow = json.getAsJsonObject("proofofwork");
        String token = json.get("token").getAsString();
        if (!pow.get("required").getAsBoolean()) {
            return new String[] {token, null};
        }
        String answer = ProofOfWork.solve(pow.get("seed").getAsString(), pow.get("difficulty").getAsString(),
                config(), 500_000);
        return new String[] {token, ProofOfWork.PROOF_PREFIX + answer};
    }

    /** A conversation body for a new chat (conversationId null) or a follow-up. */
    static JsonObject body(String prompt, String conversationId, String parentMessageId) {
        JsonObject content = new JsonObject();
        content.addProperty("content_type", "text");
        JsonArray parts = new JsonArray();
        parts.add(prompt);
        content.add("parts", parts);
        JsonObject author = new JsonObject();
        author.addProperty("role", "user");
        JsonObject message = new JsonObject();
        message.addProperty("id", UUID.randomUUID().toString());
        message.add("author", author);
        message.add("content", content);
        JsonArray messages = new JsonArray();
        messages.add(message);
        JsonObject body = new JsonObject();
        body.addProperty("action", "next");
        body.add("messages", messages);
        body.addProperty("parent_message_id", parentMessageId == null ? UUID.randomUUID().toString()
                : parentMessageId);
        if (conversationId != null) {
            body.addProperty("conversation_id", conversationId);
        }
        body.addProperty("model", "auto");
        body.addProperty("force_use_sse", true);
        return body;
    }

    HttpResponse<String> converse(JsonObject body) throws IOException, InterruptedException {
        String[] sentinel = sentinelHeaders();
        return http.send(conversationRequest(body, sentinel[0], sentinel[1]), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<InputStream> converseStreaming(JsonObject body) throws IOException, InterruptedException {
        String[] sentinel = sentinelHeaders();
        return http.send(conversationRequest(body, sentinel[0], sentinel[1]),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    HttpRequest conversationRequest(JsonObject body, String token, String proof) {
        HttpRequest.Builder request = post("/backend-anon/conversation", body.toString())
                .header("accept", "text/event-stream");
        if (token != null) {
            request.header(ConversationRoute.REQUIREMENTS_TOKEN_HEADER, token);
        }
        if (proof != null) {
            request.header(ConversationRoute.PROOF_TOKEN_HEADER, proof);
        }
        return request.build();
    }

    HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(fake.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }
}
