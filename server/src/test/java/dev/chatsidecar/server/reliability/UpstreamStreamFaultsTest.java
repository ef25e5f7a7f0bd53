package dev.chatsidecar.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.fake.FakeAnswers;
import dev.chatsidecar.fake.FakeBackend;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.backend.ChatBackend;
import dev.chatsidecar.server.chatgpt.ChatGptBackend;
import dev.chatsidecar.server.chatgpt.ChatGptOptions;
import dev.chatsidecar.server.chatgpt.FakeStreams;
import dev.chatsidecar.server.chatgpt.RawChatGpt;
import dev.chatsidecar.server.http.HttpClientFactory;
import dev.chatsidecar.server.http.SseReader;
import dev.chatsidecar.server.testing.RawHttpServer;
import dev.chatsidecar.server.testing.ServedSidecar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken answer streams, through the real JSON-RPC server and the production ChatGPT backend: the
 * request fails with the contract's type and keeps every piece of text already streamed, or — for
 * faults a browser would shrug off — still answers.
 */
class UpstreamStreamFaultsTest {
    @TempDir
    Path cacheDir;

    private ServedSidecar sidecar(String baseUrl, int idleTimeoutMs) {
        List<ChatBackend> backends = List.of(new ChatGptBackend(new ChatGptOptions().deviceIdDir(cacheDir)
                .http(new HttpClientFactory())));
        return new ServedSidecar(backends, "{\"chatgpt\":{\"baseUrl\":\"" + baseUrl + "\"},"
                + "\"http\":{\"idleTimeoutMs\":" + idleTimeoutMs + "}}");
    }

    @Test
    void aConnectionCutInsideAnEventIsAnUpstreamErrorKeepingTheText() throws Exception {
        try (RawHttpServer upstream = RawChatGpt.start((request, exchange) -> {
            exchange.head(200, "Content-Type: text/event-stream");
            exchange.write(FakeStreams.v1Start("c", "m", "Half an") + "event: delta\ndata: {\"v\": \" ans");
            exchange.cut(); // a clean close: no length, no chunking, so only the event's shape tells
        }); ServedSidecar s = sidecar(upstream.baseUrl(), 5000)) {
            ServedSidecar.Answer answer = s.complete("hi");
            var data = answer.assertFailure(ErrorType.UPSTREAM_ERROR, null, "Half an");
            assertTrue(data.get("retryable").getAsBoolean(), data.toString());
        }
    }

    @Test
    void aChunkedStreamCutBeforeItsEndIsAnUpstreamErrorKeepingTheText() {
        String prompt = "tell me [[cut]] now";
        try (FakeBackend fake = FakeBackend.start(); ServedSidecar s = sidecar(fake.baseUrl(), 5000)) {
            s.complete(prompt).assertFailure(ErrorType.UPSTREAM_ERROR, null, FakeAnswers.partialAnswerFor(prompt, 1));
        }
    }

    @Test
    void aStalledStreamHitsTheIdleTimeoutKeepsTheTextAndClosesTheConnection() throws Exception {
        String prompt = "wait [[stall]] here";
        try (FakeBackend fake = FakeBackend.start(); ServedSidecar s = sidecar(fake.baseUrl(), 300)) {
            var data = s.complete(prompt).assertFailure(ErrorType.UPSTREAM_ERROR, null,
                    FakeAnswers.partialAnswerFor(prompt, 1));
            assertTrue(data.get("message").getAsString().contains("no data for 0.3 s"), data.toString());
            assertTrue(fake.awaitClientAbort(Duration.ofSeconds(5)), "the stalled upstream connection was closed");
        }
    }

    @Test
    void aFinishedAnswerThatClosesWithoutDoneStillAnswers() {
        String prompt = "no end marker [[noDone]]";
        try (FakeBackend fake = FakeBackend.start(); ServedSidecar s = sidecar(fake.baseUrl(), 5000)) {
            s.complete(prompt).assertAnswered(FakeAnswers.answerFor(prompt, 1));
        }
    }

    @Test
    void anErrorEventInsideTheStreamIsAnUpstreamErrorKeepingTheText() {
        String prompt = "fail midway [[inStreamError]] please";
        try (FakeBackend fake = FakeBackend.start(); ServedSidecar s = sidecar(fake.baseUrl(), 5000)) {
            var data = s.complete(prompt).assertFailure(ErrorType.UPSTREAM_ERROR, null,
                    FakeAnswers.partialAnswerFor(prompt, 1));
            assertTrue(data.get("message").getAsString().contains("Something went wrong (fake)"), data.toString());
        }
    }

    @Test
    void aGiganticLineIsAProtocolErrorAndIsNotReadToItsEnd() throws Exception {
        long offered = 256L << 20;
        AtomicLong written = new AtomicLong();
        CompletableFuture<Void> writerDone = new CompletableFuture<>();
        try (RawHttpServer upstream = RawChatGpt.start((request, exchange) -> {
            exchange.head(200, "Content-Type: text/event-stream");
            exchange.write(FakeStreams.v1Start("c", "m", "Before") + "event: delta\ndata: {\"v\": \"");
            byte[] block = new byte[64 * 1024];
            Arrays.fill(block, (byte) 'x');
            try {
                while (written.get() < offered) {
                    exchange.writeBytes(block);
                    written.addAndGet(block.length);
                }
            } catch (IOException closedByClient) {
                // the sidecar gave up on the line and closed the connection
            } finally {
                writerDone.complete(null);
            }
        }); ServedSidecar s = sidecar(upstream.baseUrl(), 5000)) {
            var data = s.complete("hi").assertFailure(ErrorType.PROTOCOL_ERROR, null, "Before");
            assertTrue(data.get("message").getAsString().contains(String.valueOf(SseReader.MAX_LINE_BYTES)), data.toString());
            writerDone.get(10, TimeUnit.SECONDS);
            // socket buffers hold a few MiB; the sidecar itself stops reading at the 1 MiB limit
            assertTrue(written.get() < 32L << 20, "upstream managed to send " + (written.get() >> 20) + " MiB");
        }
    }

    @Test
    void invalidUtf8IsReplacedAndTheAnswerGoesOn() throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(FakeStreams.v1Start("c", "m", "ok ").getBytes(StandardCharsets.UTF_8));
        stream.writeBytes("event: delta\ndata: {\"v\": \"a".getBytes(StandardCharsets.UTF_8));
        stream.writeBytes(new byte[] {(byte) 0xC3, '(', (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80});
        stream.writeBytes("b\"}\n\n".getBytes(StandardCharsets.UTF_8));
        String full = FakeStreams.v1("c", "m", "x");
        stream.writeBytes(full.substring(full.indexOf("event: delta\ndata: {\"p\": \"\", \"o\": \"patch\""))
                .getBytes(StandardCharsets.UTF_8));
        try (RawHttpServer upstream = RawChatGpt.start((request, exchange) -> {
            exchange.head(200, "Content-Type: text/event-stream; charset=utf-8");
            exchange.writeBytes(stream.toByteArray());
            exchange.cut();
        }); ServedSidecar s = sidecar(upstream.baseUrl(), 5000)) {
            ServedSidecar.Answer answer = s.complete("hi");
            String expected = "ok a" + new String(new byte[] {(byte) 0xC3, '(', (byte) 0xFF, (byte) 0xED, (byte) 0xA0,
                    (byte) 0x80}, StandardCharsets.UTF_8) + "b";
            assertTrue(expected.contains("\uFFFD"), expected);
            answer.assertAnswered(expected);
            assertNull(s.server.client.wireError(), "stdout still held only well-formed frames");
        }
    }

    @Test
    void anUpstreamThatSendsOneByteAtATimeStillAnswersExactly() throws Exception {
        String stream = FakeStreams.legacy("c", "m", "Gr\u00fc\u00df", " \u597d", " \uD83D\uDE00", " end");
        try (RawHttpServer upstream = RawChatGpt.start((request, exchange) -> {
            exchange.head(200, "Content-Type: text/event-stream; charset=utf-8");
            for (byte b : stream.getBytes(StandardCharsets.UTF_8)) {
                exchange.writeBytes(new byte[] {b});
            }
            exchange.cut();
        }); ServedSidecar s = sidecar(upstream.baseUrl(), 5000)) {
            s.complete("hi").assertAnswered("Gr\u00fc\u00df \u597d \uD83D\uDE00 end");
        }
    }

    @Test
    void aSuccessStatusWithAnHtmlPageIsAProtocolError() throws Exception {
        try (RawHttpServer upstream = RawChatGpt.start((request, exchange) -> {
            exchange.head(200, "Content-Type: text/html; charset=utf-8");
            exchange.write("<!DOCTYPE html><html><head><title>Maintenance</title></head><body>Back soon</body></html>");
            exchange.cut();
        }); ServedSidecar s = sidecar(upstream.baseUrl(), 5000)) {
            var data = s.complete("hi").assertFailure(ErrorType.PROTOCOL_ERROR, 200, "");
            String message = data.get("message").getAsString();
            assertTrue(message.contains("Maintenance") && !message.contains("<"), message);
            assertEquals(false, data.get("retryable").getAsBoolean());
        }
    }
}
