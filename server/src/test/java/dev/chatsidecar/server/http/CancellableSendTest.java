package dev.chatsidecar.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.testing.RawHttpServer;
import dev.chatsidecar.server.testing.TestSettings;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CancellableSendTest {
    private final HttpClientFactory factory = new HttpClientFactory();

    @Test
    void refusedConnectionIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closedPort + "/")).build();
        BackendException e = assertThrows(BackendException.class, () -> CancellableSend.send(
                factory.client(TestSettings.of()), request, HttpResponse.BodyHandlers.ofString(), new CancelSignal(),
                "chatgpt.com"));
        assertEquals(ErrorType.UNREACHABLE, e.type());
        assertTrue(e.getMessage().contains("127.0.0.1:" + closedPort), e.getMessage());
        assertTrue(e.retryable());
    }

    @Test
    void cancelBeforeHeadersAbortsTheExchangeAndClosesTheConnection() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RawHttpServer server = new RawHttpServer((request, exchange) -> release.await(30, TimeUnit.SECONDS))) {
            HttpClient client = factory.client(TestSettings.of());
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/slow")).build();
            CancelSignal cancel = new CancelSignal();
            CompletableFuture<BackendException> outcome = CompletableFuture.supplyAsync(() -> {
                try {
                    CancellableSend.send(client, request, HttpResponse.BodyHandlers.ofInputStream(), cancel, "x");
                    return null;
                } catch (BackendException e) {
                    return e;
                }
            });
            RawHttpServer.Exchange exchange = server.exchanges().poll(10, TimeUnit.SECONDS);
            cancel.cancel();
            BackendException e = outcome.get(5, TimeUnit.SECONDS);
            assertEquals(ErrorType.CANCELLED, e.type());
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> exchange.clientClosed().get());
            release.countDown();
        }
    }

    @Test
    void headersTimeoutIsUnreachable() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RawHttpServer server = new RawHttpServer((request, exchange) -> release.await(30, TimeUnit.SECONDS))) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/slow"))
                    .timeout(Duration.ofMillis(200)).build();
            BackendException e = assertThrows(BackendException.class, () -> CancellableSend.send(
                    factory.client(TestSettings.of()), request, HttpResponse.BodyHandlers.ofString(), new CancelSignal(),
                    "chatgpt.com"));
            assertEquals(ErrorType.UNREACHABLE, e.type());
            assertTrue(e.getMessage().contains("did not start answering"), e.getMessage());
            release.countDown();
        }
    }
}
