package dev.chatsidecar.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cut, stalled and client-cancelled streams, and the client-abort count. */
class StreamEndingsTest {
    private FakeBackend fake;
    private FakeChatGptClient client;

    @BeforeEach
    void start() {
        fake = FakeBackend.start(new FakeBackend.Options().stallMaxMs(10_000));
        client = new FakeChatGptClient(fake);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void cutStreamEndsWithoutDoneAndTheClientSeesABrokenBody() throws Exception {
        HttpResponse<InputStream> response = client.converseStreaming(
                FakeChatGptClient.body("[[cut]] [[chunks:8]]", null, null));
        assertEquals(200, response.statusCode());
        StringBuilder seen = new StringBuilder();
        try (InputStream body = response.body()) {
            IOException broken = assertThrows(IOException.class, () -> {
                byte[] buffer = new byte[1024];
                int n;
                while ((n = body.read(buffer)) >= 0) {
                    seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            });
            assertTrue(broken.getMessage() != null);
        }
        assertTrue(seen.toString().contains("\"v\":\"w4 \""), seen.toString());
        assertTrue(!seen.toString().contains("w5"));
        assertTrue(!seen.toString().contains("[DONE]"));
        assertEquals(0, fake.stats().clientAborts());
    }

    @Test
    void closingASlowStreamIsCountedAsAClientAbort() throws Exception {
        HttpResponse<InputStream> response = client.converseStreaming(
                FakeChatGptClient.body("[[slow]]", null, null));
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null && !line.contains("\"v\":\"w1 \"")) {
                // read up to the first piece of text
            }
        }
        assertTrue(fake.awaitClientAbort(Duration.ofSeconds(5)));
        assertEquals(1, fake.stats().clientAborts());
        assertEquals(0, fake.stats().completedStreams());
    }

    @Test
    void closingAStalledStreamIsCountedAsAClientAbort() throws Exception {
        HttpResponse<InputStream> response = client.converseStreaming(
                FakeChatGptClient.body("[[stall]] [[chunks:4]]", null, null));
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null && !line.contains("\"v\":\"w2 \"")) {
                // read up to the last piece sent before the stall
            }
        }
        assertTrue(fake.awaitClientAbort(Duration.ofSeconds(5)));
    }

    @Test
    void readingAStreamToItsEndIsNoAbort() throws Exception {
        HttpResponse<String> response = client.converse(FakeChatGptClient.body("[[chunks:20]]", null, null));
        assertTrue(response.body().endsWith("data: [DONE]\n\n"));
        assertEquals(1, fake.stats().completedStreams());
        assertEquals(0, fake.stats().clientAborts());
    }
}
