package dev.chatsidecar.server.reliability;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.backend.ChatBackend;
import dev.chatsidecar.server.chatgpt.ChatGptBackend;
import dev.chatsidecar.server.chatgpt.ChatGptOptions;
import dev.chatsidecar.server.chatgpt.FakeStreams;
import dev.chatsidecar.server.chatgpt.RawChatGpt;
import dev.chatsidecar.server.http.HttpClientFactory;
import dev.chatsidecar.server.openai.OpenAiBackend;
import dev.chatsidecar.server.testing.RawHttpServer;
import dev.chatsidecar.server.testing.ServedSidecar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP response path's weak spots of issue 12, through the real JSON-RPC server: a body declared
 * gzip that is not gzip is a {@code protocol_error} (also when it goes bad mid-stream, keeping the
 * text so far), a redirect says it is one and where it points, and a trickling upstream ends at the
 * overall answer deadline ({@code http.answerTimeoutMs}) with the text so far.
 */
class UpstreamResponsePathTest {
    @TempDir
    Path cacheDir;

    private ServedSidecar chatgpt(String baseUrl, String http) {
        List<ChatBackend> backends = List.of(new ChatGptBackend(new ChatGptOptions().deviceIdDir(cacheDir)
                .http(new HttpClientFactory())));
        return new ServedSidecar(backends, "{\"chatgpt\":{\"baseUrl\":\"" + baseUrl + "\"},\"http\":" + http + "}");
    }

    @Test
    void aBodyDeclaredGzipThatIsNotGzipIsAProtocolError() throws Exception {
        try (RawHttpServer upstream = RawChatGpt.start((request, exchange) -> {
            exchange.head(200, "Content-Type: text/event-stream", "Content-Encoding: gzip");
            exchange.write(FakeStreams.v1("c", "m", "plain", " text"));
            exchange.cut();
        }); ServedSidecar s = chatgpt(upstream.baseUrl(), "{\"idleTimeoutMs\":5000}")) {
            JsonObject data = s.complete("hi").assertFailure(ErrorType.PROTOCOL_ERROR, null, "");
            assertTrue(data.get("message").getAsString().contains("not valid gzip"), data.toString());
            assertFalse(data.get("retryable").getAsBoolean());
        }
    }

    @Test
    void gzipThatGoesBadMidStreamIsAProtocolErrorKeepingTheText() throws Exception {
        byte[] good = gzipFlushed(FakeStreams.v1Start("c", "m", "Half"));
        CountDownLatch textSeen = new CountDownLatch(1);
        try (RawHttpServer upstream = RawChatGpt.start((request, exchange) -> {
            exchange.head(200, "Content-Type: text/event-stream", "Content-Encoding: gzip");
            exchange.writeBytes(good);
            textSeen.await(10, TimeUnit.SECONDS); // garbage in the same read would drop the good part's output
            exchange.writeBytes(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x13, 0x37});
            exchange.cut();
        }); ServedSidecar s = chatgpt(upstream.baseUrl(), "{\"idleTimeoutMs\":5000}")) {
            int id = s.start("hi");
            s.server.client.awaitFrame(frame -> frame.toString().contains("\"delta\":\"Half\""), "the first text");
            textSeen.countDown();
            s.await(id).assertFailure(ErrorType.PROTOCOL_ERROR, null, "Half");
        }
    }

    @Test
    void theOpenAiBackendSharesTheGzipCheck() throws Exception {
        try (RawHttpServer upstream = new RawHttpServer((request, exchange) -> {
            exchange.head(200, "Content-Type: text/event-stream", "Content-Encoding: gzip");
            exchange.write("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}\n\n");
            exchange.cut();
        }); ServedSidecar s = new ServedSidecar(List.of(new OpenAiBackend()), "{\"openai\":{\"baseUrl\":\""
                + upstream.baseUrl() + "/v1\",\"models\":[\"m\"]}}")) {
            s.complete("hi").assertFailure(ErrorType.PROTOCOL_ERROR, null, "");
        }
    }

    @Test
    void aRedirectSaysWhereItPointsAndIsNotFollowed() throws Exception {
        try (RawHttpServer upstream = RawChatGpt.start((request, exchange) -> {
            exchange.head(302, "Location: https://elsewhere.invalid/backend-anon/conversation", "Content-Length: 0");
            exchange.cut();
        }); ServedSidecar s = chatgpt(upstream.baseUrl(), "{\"idleTimeoutMs\":5000}")) {
            JsonObject data = s.complete("hi").assertFailure(ErrorType.PROTOCOL_ERROR, 302, "");
            String message = data.get("message").getAsString();
            assertTrue(message.contains("redirect") && message.contains("https://elsewhere.invalid/backend-anon/conversation")
                    && message.contains("not followed"), message);
            assertFalse(message.contains("no such endpoint"), message);
        }
    }

    @Test
    void aTricklingAnswerEndsAtTheAnswerDeadlineWithItsText() throws Exception {
        long deadlineMs = 1500;
        try (RawHttpServer upstream = RawChatGpt.start((request, exchange) -> {
            exchange.head(200, "Content-Type: text/event-stream");
            exchange.write(FakeStreams.v1Start("c", "m", "Slow"));
            try {
                for (int i = 0; i < 600; i++) { // a comment byte every 100 ms: never idle, never done
                    exchange.write(i % 10 == 9 ? "\n" : ":");
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException gone) {
                // the client closed the connection: the point of the test
            }
            exchange.cut();
        }); ServedSidecar s = chatgpt(upstream.baseUrl(),
                "{\"idleTimeoutMs\":5000,\"answerTimeoutMs\":" + deadlineMs + "}")) {
            long start = System.nanoTime();
            JsonObject data = s.complete("hi").assertFailure(ErrorType.UPSTREAM_ERROR, null, "Slow");
            long ms = (System.nanoTime() - start) / 1_000_000;
            String message = data.get("message").getAsString();
            assertTrue(message.contains("did not finish the answer within 1.5 s"), message);
            assertTrue(data.get("hint").getAsString().contains("http.answerTimeoutMs"), data.toString());
            assertTrue(ms < deadlineMs + 8000, "ended after " + ms + " ms");
        }
    }

    @Test
    void zeroTurnsTheAnswerDeadlineOff() throws Exception {
        try (RawHttpServer upstream = RawChatGpt.start((request, exchange) -> {
            exchange.head(200, "Content-Type: text/event-stream");
            exchange.write(FakeStreams.v1("c", "m", "fine"));
            exchange.cut();
        }); ServedSidecar s = chatgpt(upstream.baseUrl(), "{\"idleTimeoutMs\":5000,\"answerTimeoutMs\":0}")) {
            s.complete("hi").assertAnswered("fine");
        }
    }

    /** {@code text} gzipped up to a sync flush: a valid start of a gzip stream that has no end yet. */
    private static byte[] gzipFlushed(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        GZIPOutputStream gzip = new GZIPOutputStream(bytes, 512, true);
        gzip.write(text.getBytes(StandardCharsets.UTF_8));
        gzip.flush(); // a sync flush makes the prefix decodable without the rest
        return bytes.toByteArray();
    }
}
