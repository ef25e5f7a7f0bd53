package dev.chatsidecar.server.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.List;

/**
 * A host that must not be contacted: every request gets HTTP 500 and is remembered, and
 * {@link #assertUntouched()} (also run by {@link #close()}) fails the test when anything came in.
 */
public final class Tripwire implements AutoCloseable {
    private final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private final String name;

    public Tripwire(String name) {
        this.name = name;
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500).withBody("tripwire " + name)));
    }

    /** The base URL, e.g. {@code http://127.0.0.1:4711}. */
    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public void assertUntouched() {
        List<String> hits = server.getAllServeEvents().stream()
                .map(ServeEvent::getRequest).map(r -> r.getMethod() + " " + r.getUrl()).toList();
        assertEquals(List.of(), hits, name + " was contacted although the request named another backend");
    }

    @Override
    public void close() {
        try {
            assertUntouched();
        } finally {
            server.stop();
        }
    }
}
