package dev.chatsidecar.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class StatsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void recordsCountsAndRequestsAndServesThemAsJson() throws Exception {
        try (FakeBackend fake = FakeBackend.start()) {
            FakeChatGptClient client = new FakeChatGptClient(fake);
            HTTP.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/"))
                    .header("cookie", "oai-did=abc").build(), HttpResponse.BodyHandlers.ofString());
            client.converse(FakeChatGptClient.body("count me", null, null));
            HTTP.send(HttpRequest.newBuilder(URI.create(fake.openaiBaseUrl() + "/models")).build(),
                    HttpResponse.BodyHandlers.ofString());

            FakeStats stats = fake.stats();
            assertEquals(1, stats.homepageGets());
            assertEquals(1, stats.requirementsPosts());
            assertEquals(1, stats.conversationPosts());
            assertEquals(1, stats.openaiModelsGets());
            assertEquals(0, stats.openaiChatPosts());
            assertEquals("oai-did=abc", stats.requests("/").get(0).header("Cookie"));
            RecordedRequest conversation = stats.requests(FakeRoutes.CONVERSATION).get(0);
            assertEquals("POST", conversation.method());
            assertTrue(conversation.body().contains("count me"));
            assertTrue(conversation.header(ConversationRoute.REQUIREMENTS_TOKEN_HEADER).startsWith("gAAAAAB"));

            String url = fake.baseUrl() + "/__stats";
            JsonObject json = JsonParser.parseString(HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).getAsJsonObject();
            assertEquals(1, json.getAsJsonObject("counts").get("conversation").getAsInt());
            assertEquals(1, json.get("completedStreams").getAsInt());
            assertEquals(4, json.getAsJsonArray("requests").size(), "/__stats itself is not recorded");

            HTTP.send(HttpRequest.newBuilder(URI.create(url)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(0, stats.requests().size());
            assertEquals(0, stats.homepageGets());
        }
    }

    @Test
    void latencyDelaysEveryResponse() throws Exception {
        try (FakeBackend fake = FakeBackend.start(new FakeBackend.Options().latencyMs(150))) {
            long start = System.nanoTime();
            HTTP.send(HttpRequest.newBuilder(URI.create(fake.openaiBaseUrl() + "/models")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(System.nanoTime() - start >= 150_000_000L);
        }
    }

    @Test
    void unknownPathsAndWrongMethodsAreRefused() throws Exception {
        try (FakeBackend fake = FakeBackend.start()) {
            assertEquals(404, HTTP.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/nope")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(405, HTTP.send(HttpRequest.newBuilder(URI.create(fake.baseUrl()
                    + FakeRoutes.CONVERSATION)).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(1, fake.stats().count(FakeStats.Endpoint.OTHER));
        }
    }
}
