package dev.chatsidecar.server.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.backend.ChatBackend;
import dev.chatsidecar.server.chatgpt.ChatGptBackend;
import dev.chatsidecar.server.chatgpt.ChatGptOptions;
import dev.chatsidecar.server.http.HttpClientFactory;
import dev.chatsidecar.server.openai.OpenAiBackend;
import dev.chatsidecar.server.testing.ServedSidecar;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Upstreams that cannot be reached — refused, unresolvable, never accepting — through the real
 * JSON-RPC server, for both HTTP backends: {@code unreachable}, retryable, no {@code httpStatus},
 * a message naming the cause, and quickly. Only 127.0.0.1 and the reserved {@code .invalid} domain
 * are used. (TLS failures: {@link TlsVerificationTest}.)
 */
class UpstreamConnectFaultsTest {
    @TempDir
    Path cacheDir;

    private ServedSidecar sidecar(String origin, String extraHttp) {
        List<ChatBackend> backends = List.of(new ChatGptBackend(new ChatGptOptions().deviceIdDir(cacheDir)
                .http(new HttpClientFactory()).prefetch(false)), new OpenAiBackend());
        return new ServedSidecar(backends, "{\"chatgpt\":{\"baseUrl\":\"" + origin + "\"},\"openai\":{\"baseUrl\":\""
                + origin + "/v1\",\"models\":[\"m\"]},\"http\":{\"idleTimeoutMs\":5000" + extraHttp + "}}");
    }

    private static String model(String backend) {
        return backend.equals("chatgpt") ? "auto" : "openai/m";
    }

    /** Fails the request and checks the contract's shape; returns the message and the time taken. */
    private JsonObject unreachable(String backend, String origin, String extraHttp, long maxMs) {
        long start = System.nanoTime();
        try (ServedSidecar s = sidecar(origin, extraHttp)) {
            JsonObject data = s.await(s.start("hi", model(backend))).assertFailure(ErrorType.UNREACHABLE, null, "");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms < maxMs, "failed after " + ms + " ms");
            assertTrue(data.get("retryable").getAsBoolean(), data.toString());
            return data;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"chatgpt", "openai"})
    void aRefusedConnectionIsUnreachable(String backend) throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        JsonObject data = unreachable(backend, "http://127.0.0.1:" + port, "", 5000);
        assertTrue(data.get("message").getAsString().contains("refused"), data.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"chatgpt", "openai"})
    void aNameThatDoesNotResolveIsUnreachableAndFast(String backend) {
        JsonObject data = unreachable(backend, "http://chat-sidecar-test.invalid", "", 5000);
        assertTrue(data.get("message").getAsString().contains("does not resolve"), data.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"chatgpt", "openai"})
    void aServerThatNeverAcceptsHitsTheConnectTimeout(String backend) throws IOException {
        List<Socket> fill = new ArrayList<>();
        try (ServerSocket neverAccepts = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), neverAccepts.getLocalPort());
            // fill the accept backlog: once it is full the kernel drops new connection attempts
            boolean full = false;
            for (int i = 0; i < 64 && !full; i++) {
                Socket socket = new Socket();
                fill.add(socket);
                try {
                    socket.connect(address, 200);
                } catch (SocketTimeoutException e) {
                    full = true;
                }
            }
            assertTrue(full, "the backlog filled up");
            JsonObject data = unreachable(backend, "http://127.0.0.1:" + neverAccepts.getLocalPort(),
                    ",\"connectTimeoutMs\":300", 5000);
            assertTrue(data.get("message").getAsString().contains("timed out"), data.toString());
            assertTrue(data.get("hint").getAsString().contains("http.connectTimeoutMs"), data.toString());
        } finally {
            for (Socket socket : fill) {
                socket.close();
            }
        }
    }
}
