package dev.chatsidecar.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class CompressionTest {
    @Test
    void gzipIsUsedOnlyWhenAccepted() {
        assertTrue(BodyEncoding.acceptsGzip("gzip, deflate, br"));
        assertTrue(BodyEncoding.acceptsGzip("br;q=1.0, GZIP;q=0.5"));
        assertFalse(BodyEncoding.acceptsGzip("br"));
        assertFalse(BodyEncoding.acceptsGzip("gzip;q=0"));
        assertFalse(BodyEncoding.acceptsGzip(null));
    }

    @Test
    void streamIsGzippedWhenTheClientAdvertisesGzip() throws Exception {
        try (FakeBackend fake = FakeBackend.start()) {
            FakeChatGptClient client = new FakeChatGptClient(fake);
            String[] sentinel = client.sentinelHeaders();
            HttpRequest request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/backend-anon/conversation"))
                    .header("accept-encoding", "gzip, deflate, br")
                    .header(ConversationRoute.REQUIREMENTS_TOKEN_HEADER, sentinel[0])
                    .header(ConversationRoute.PROOF_TOKEN_HEADER, sentinel[1])
                    .POST(HttpRequest.BodyPublishers.ofString(
                            FakeChatGptClient.body("squeeze me", null, null).toString()))
                    .build();
            HttpResponse<InputStream> response = client.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertEquals("gzip", response.headers().firstValue("content-encoding").orElse(null));
            String body;
            try (InputStream gzip = new GZIPInputStream(response.body())) {
                body = new String(gzip.readAllBytes(), StandardCharsets.UTF_8);
            }
            List<SseEvents.Event> events = SseEvents.parse(body);
            V1Replay replay = new V1Replay();
            events.stream().filter(e -> "delta".equals(e.name)).forEach(e -> replay.apply(e.data));
            assertEquals(FakeAnswers.answerFor("squeeze me", 1), replay.text());
            assertEquals("[DONE]", events.get(events.size() - 1).data);
        }
    }

    @Test
    void compressionCanBeTurnedOff() throws Exception {
        try (FakeBackend fake = FakeBackend.start(new FakeBackend.Options().compression(false))) {
            HttpResponse<String> page = new FakeChatGptClient(fake).http.send(
                    HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/")).header("accept-encoding", "gzip").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(page.headers().firstValue("content-encoding").isEmpty());
            assertTrue(page.body().contains("data-build"));
        }
    }
}
