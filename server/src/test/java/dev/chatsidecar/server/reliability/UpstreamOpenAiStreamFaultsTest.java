package dev.chatsidecar.server.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.http.SseReader;
import dev.chatsidecar.server.openai.OpenAiBackend;
import dev.chatsidecar.server.testing.RawHttpServer;
import dev.chatsidecar.server.testing.ServedSidecar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Broken Chat Completions streams through the real JSON-RPC server and the production OpenAI backend. */
class UpstreamOpenAiStreamFaultsTest {
    private static final String HEAD = "Content-Type: text/event-stream";

    static String chunk(String content) {
        return "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
                + content + "\"},\"finish_reason\":null}]}\n\n";
    }

    private static ServedSidecar sidecar(RawHttpServer upstream) {
        return new ServedSidecar(List.of(new OpenAiBackend()), "{\"openai\":{\"baseUrl\":\"" + upstream.baseUrl()
                + "/v1\",\"models\":[\"m\"]},\"http\":{\"idleTimeoutMs\":5000}}");
    }

    @Test
    void aGiganticLineIsAProtocolErrorAndIsNotReadToItsEnd() throws Exception {
        AtomicLong written = new AtomicLong();
        CompletableFuture<Void> writerDone = new CompletableFuture<>();
        try (RawHttpServer upstream = new RawHttpServer((request, exchange) -> {
            exchange.head(200, HEAD);
            exchange.write(chunk("Before") + "data: {\"choices\":[{\"delta\":{\"content\":\"");
            byte[] block = new byte[64 * 1024];
            Arrays.fill(block, (byte) 'x');
            try {
                while (written.get() < 256L << 20) {
                    exchange.writeBytes(block);
                    written.addAndGet(block.length);
                }
            } catch (IOException closedByClient) {
                // the sidecar gave up on the line and closed the connection
            } finally {
                writerDone.complete(null);
            }
        }); ServedSidecar s = sidecar(upstream)) {
            var data = s.await(s.start("hi", "openai/m")).assertFailure(ErrorType.PROTOCOL_ERROR, null, "Before");
            assertTrue(data.get("message").getAsString().contains(String.valueOf(SseReader.MAX_LINE_BYTES)), data.toString());
            writerDone.get(10, TimeUnit.SECONDS);
            assertTrue(written.get() < 32L << 20, "upstream managed to send " + (written.get() >> 20) + " MiB");
        }
    }

    @Test
    void invalidUtf8IsReplacedAndTheAnswerGoesOn() throws Exception {
        try (RawHttpServer upstream = new RawHttpServer((request, exchange) -> {
            exchange.head(200, HEAD);
            exchange.write(chunk("ok "));
            exchange.writeBytes("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a".getBytes(StandardCharsets.UTF_8));
            exchange.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xC3});
            exchange.write("b\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
            exchange.cut();
        }); ServedSidecar s = sidecar(upstream)) {
            s.await(s.start("hi", "openai/m")).assertAnswered("ok a\uFFFD\uFFFDb");
        }
    }
}
