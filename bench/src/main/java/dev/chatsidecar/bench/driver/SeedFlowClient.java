package dev.chatsidecar.bench.driver;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.chatsidecar.server.chatgpt.ChatGptStreamDecoder;
import dev.chatsidecar.server.chatgpt.PowConfig;
import dev.chatsidecar.server.chatgpt.ProofOfWork;
import dev.chatsidecar.server.chatgpt.Sha3PowHash;
import dev.chatsidecar.server.http.SseEvent;
import dev.chatsidecar.server.http.SseReader;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.UUID;

/**
 * The comparison line for time to first token: the seed's flow, as a plain HTTP client. On every call
 * it starts a new session (homepage GET), fetches chat requirements (with the requirements proof of
 * work), sleeps 2 s as the seed did, then POSTs the conversation (with the proof of work the
 * requirements asked for) and reads the stream until the first piece of answer text.
 */
final class SeedFlowClient {
    static final long SEED_SLEEP_MS = 2000;
    private static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/126.0.0.0 Safari/537.36";

    private final String baseUrl;
    private final ProofOfWork pow = new ProofOfWork(new Sha3PowHash());
    private final SecureRandom random = new SecureRandom();

    SeedFlowClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** One call; returns nanoseconds from its start to the first piece of answer text. */
    long timeToFirstToken(String prompt) throws Exception {
        long start = System.nanoTime();
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String deviceId = UUID.randomUUID().toString();
        send(client, HttpRequest.newBuilder(URI.create(baseUrl + "/")).header("user-agent", USER_AGENT).GET(), "homepage");

        PowConfig config = PowConfig.honest(USER_AGENT, null, deviceId, System.currentTimeMillis(), Clock.systemUTC(),
                ZoneId.systemDefault(), Locale.US);
        JsonObject p = new JsonObject();
        p.addProperty("p", pow.requirementsToken(config, random));
        String requirementsBody = send(client, post("/backend-anon/sentinel/chat-requirements", deviceId, p.toString()),
                "requirements");
        JsonObject requirements = JsonParser.parseString(requirementsBody).getAsJsonObject();

        Thread.sleep(SEED_SLEEP_MS); // the seed's fixed pause on every call, reproduced on purpose

        HttpRequest.Builder conversation = post("/backend-anon/conversation", deviceId, conversationBody(prompt))
                .header("accept", "text/event-stream")
                .header("openai-sentinel-chat-requirements-token", requirements.get("token").getAsString());
        JsonObject work = requirements.getAsJsonObject("proofofwork");
        if (work != null && work.get("required").getAsBoolean()) {
            conversation.header("openai-sentinel-proof-token", pow.proofToken(work.get("seed").getAsString(),
                    work.get("difficulty").getAsString(), config));
        }
        HttpResponse<InputStream> response = client.send(conversation.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("seed flow: conversation answered " + response.statusCode());
        }
        long[] first = {-1};
        ChatGptStreamDecoder decoder = new ChatGptStreamDecoder("fake", text -> {
            if (first[0] < 0 && !text.isEmpty()) {
                first[0] = System.nanoTime();
            }
        });
        try (SseReader reader = new SseReader(response.body())) {
            SseEvent event;
            while (first[0] < 0 && (event = reader.next()) != null) {
                decoder.accept(event);
            }
        }
        if (first[0] < 0) {
            throw new IllegalStateException("seed flow: the stream had no answer text");
        }
        return first[0] - start;
    }

    private HttpRequest.Builder post(String path, String deviceId, String json) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .header("oai-device-id", deviceId)
                .header("user-agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static String send(HttpClient client, HttpRequest.Builder request, String what) throws Exception {
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("seed flow: " + what + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    private static String conversationBody(String prompt) {
        JsonObject author = new JsonObject();
        author.addProperty("role", "user");
        JsonArray parts = new JsonArray();
        parts.add(prompt);
        JsonObject content = new JsonObject();
        content.addProperty("content_type", "text");
        content.add("parts", parts);
        JsonObject message = new JsonObject();
        message.addProperty("id", UUID.randomUUID().toString());
        message.add("author", author);
        message.add("content", content);
        message.add("metadata", new JsonObject());
        JsonArray messages = new JsonArray();
        messages.add(message);
        JsonObject body = new JsonObject();
        body.addProperty("action", "next");
        body.add("messages", messages);
        body.addProperty("parent_message_id", UUID.randomUUID().toString());
        body.addProperty("model", "auto");
        body.addProperty("timezone_offset_min", 0);
        body.addProperty("history_and_training_disabled", false);
        body.addProperty("force_use_sse", true);
        return body.toString();
    }
}
