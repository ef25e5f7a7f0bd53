package dev.chatsidecar.server.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.chatsidecar.server.openai.OpenAiBackend;
import dev.chatsidecar.server.testing.ServedSidecar;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every request of the OpenAI-compatible backend goes to {@code openai.baseUrl} and nowhere else.
 * WireMock serves as the HTTP proxy for a base URL on a made-up host, so it sees every request to
 * any non-loopback host together with the host it was meant for; a call elsewhere fails the test.
 * (The ChatGPT backend: ChatGptHostDisciplineTest.)
 */
class OpenAiHostDisciplineTest {

    @Test
    void everyRequestGoesToTheConfiguredBaseUrl() {
        WireMockServer proxy = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        proxy.start();
        try {
            proxy.stubFor(get("/v1/models").willReturn(aResponse().withStatus(200)
                    .withHeader("content-type", "application/json")
                    .withBody("{\"object\":\"list\",\"data\":[{\"id\":\"m1\",\"object\":\"model\"}]}")));
            proxy.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                    .withHeader("content-type", "text/event-stream")
                    .withBody(UpstreamOpenAiStreamFaultsTest.chunk("via ") + UpstreamOpenAiStreamFaultsTest.chunk("proxy")
                            + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                            + "data: [DONE]\n\n")));
            String base = "http://openai.sidecar-test.example/v1";
            try (ServedSidecar s = new ServedSidecar(List.of(new OpenAiBackend()), "{\"openai\":{\"baseUrl\":\"" + base
                    + "\",\"apiKey\":\"k-host-test-123\"},\"http\":{\"proxy\":\"http://127.0.0.1:" + proxy.port() + "\"}}")) {
                var models = s.server.client.response(s.server.client.request("chat/models", "{}"));
                assertTrue(models.toString().contains("openai/m1"), models.toString());
                s.await(s.start("hi", "openai/m1")).assertAnswered("via proxy");
                s.await(s.start("again", "openai/m1")).assertAnswered("via proxy");
            }
            List<ServeEvent> events = proxy.getAllServeEvents();
            assertEquals(3, events.size(), "one model listing and two answers");
            for (ServeEvent event : events) {
                String url = event.getRequest().getAbsoluteUrl();
                assertTrue(url.startsWith(base + "/"), "request outside the base URL: " + url);
                assertTrue(event.getWasMatched(), "unexpected request: " + url);
            }
        } finally {
            proxy.stop();
        }
    }
}
