package dev.chatsidecar.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.chatsidecar.fake.FakeBackend;
import dev.chatsidecar.server.testing.Await;
import dev.chatsidecar.server.testing.ChildSidecar;
import dev.chatsidecar.server.testing.RawHttpServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, bug 1, through the real process started with the README's launcher flags ({@code -Xmx256m}):
 * many large prompts at once against the fake chatgpt.com, whose answers stall after their first text
 * (every admitted request holds its prompt several times over: parsed, as the conversation body). Every request gets exactly one
 * answer on its own id (admitted ones when cancelled, the rest {@code overloaded} at once); nothing is
 * answered with {@code id: null}; the process keeps serving. Also: the client closing the sidecar's
 * stdout ends the process, upstream calls aborted.
 */
class AdmissionChildProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void twentyFiveFramesOfFourMebibytesEachGetExactlyOneAnswer() throws Exception {
        burst(25, 4 * 1024 * 1024 - 200, true);
    }

    @Test
    void aHundredFramesOfOneMebibyteEachGetExactlyOneAnswer() throws Exception {
        burst(100, 1024 * 1024, false);
    }

    private void burst(int count, int frameBytes, boolean someMustBeRefused) throws Exception {
        try (FakeBackend fake = FakeBackend.start();
             ChildSidecar child = ChildSidecar.launchedAsEditorsDo(Map.of("CHAT_SIDECAR_CHATGPT_BASE_URL", fake.baseUrl(),
                     "CHAT_SIDECAR_IDLE_TIMEOUT_MS", "600000"))) {
            assertTrue(child.client.initialize(null).has("result"));
            // each admitted request goes all the way to a conversation that streams a little, then stalls
            String prompt = "[[stall]] " + "x".repeat(frameBytes - 140);
            for (int i = 0; i < count; i++) {
                child.client.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":" + (1000 + i) + ",\"method\":\"chat/complete\","
                        + "\"params\":{\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}}");
            }
            prompt = null;
            // frames are read in order: once this is answered every burst frame has been read
            awaitAnswer(child, child.client.request("chat/models", "{}"));
            long refused = answers(child, count).values().stream().filter(e -> e == -32017).count();
            for (int i = 0; i < count; i++) {
                child.client.notify("$/cancelRequest", "{\"id\":" + (1000 + i) + "}");
            }
            Await.until(() -> answers(child, count).size() == count, WAIT, "an answer to each of " + count);
            awaitAnswer(child, child.client.request("chat/models", "{}")); // late duplicates would be here by now
            Map<Integer, Integer> codes = answers(child, count);
            assertEquals(count, codes.size());
            for (int code : codes.values()) {
                assertTrue(code == -32017 || code == -32800, "overloaded or cancelled: " + codes);
            }
            assertEquals(0, child.client.seen().stream().filter(f -> f.has("id") && f.get("id").isJsonNull()).count(),
                    "nothing answered with id null");
            System.out.println("AdmissionChildProcessTest: " + count + " frames of " + frameBytes + " bytes: " + refused
                    + " refused as overloaded, " + (count - refused) + " admitted (answered -32800 when cancelled)");
            if (someMustBeRefused) {
                assertTrue(refused > 0, "admission control refused some of " + count);
            }
            assertTrue(child.process.isAlive(), "the process keeps serving");
            child.client.close();
            child.process.getOutputStream().close();
            assertTrue(child.process.waitFor(10, TimeUnit.SECONDS));
            assertFalse(child.stderr().contains("java.lang.OutOfMemoryError"), "no thread died of OutOfMemoryError");
        }
    }

    @Test
    void closingTheSidecarsStdoutEndsTheProcessAndAbortsUpstreamCalls() throws Exception {
        try (RawHttpServer blackHole = new RawHttpServer((request, exchange) -> exchange.clientClosed().get())) {
            // a bare process (no frame reader thread): closing its stdout here really closes the pipe
            Process process = ChildSidecar.command(List.of(), env(blackHole));
            try {
                java.io.OutputStream stdin = process.getOutputStream();
                java.io.InputStream stdout = process.getInputStream();
                send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}");
                String header = "Content-Length: ";
                byte[] start = stdout.readNBytes(header.length());
                assertEquals(header, new String(start, java.nio.charset.StandardCharsets.US_ASCII));
                send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"chat/complete\",\"params\":"
                        + "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}");
                RawHttpServer.Exchange upstream = blackHole.exchanges().poll(30, TimeUnit.SECONDS);
                assertTrue(upstream != null, "the request reached the upstream");
                stdout.close();
                long began = System.nanoTime();
                send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"chat/models\",\"params\":{}}");
                assertTrue(process.waitFor(5, TimeUnit.SECONDS), "the process ended after its stdout closed");
                assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began) < 5000);
                upstream.clientClosed().get(5, TimeUnit.SECONDS);
            } finally {
                process.destroyForcibly();
            }
        }
    }

    private static void send(java.io.OutputStream stdin, String body) throws java.io.IOException {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        stdin.write(("Content-Length: " + bytes.length + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        stdin.write(bytes);
        stdin.flush();
    }

    private static Map<String, String> env(RawHttpServer upstream) {
        return Map.of("CHAT_SIDECAR_CHATGPT_BASE_URL", upstream.baseUrl(), "CHAT_SIDECAR_IDLE_TIMEOUT_MS", "600000");
    }

    private static void awaitAnswer(ChildSidecar child, int id) {
        Await.until(() -> child.client.seen().stream().anyMatch(f -> isAnswerTo(f, id)), WAIT, "answer to " + id);
    }

    /** The error code of each answer to a burst request (id 1000 + i), failing on a second answer to one id. */
    private static Map<Integer, Integer> answers(ChildSidecar child, int count) {
        Map<Integer, Integer> codes = new HashMap<>();
        List<JsonObject> frames = child.client.seen();
        for (JsonObject frame : frames) {
            for (int i = 0; i < count; i++) {
                if (isAnswerTo(frame, 1000 + i)) {
                    Integer code = frame.has("error") ? frame.getAsJsonObject("error").get("code").getAsInt() : 0;
                    assertTrue(codes.put(1000 + i, code) == null, "a second answer to " + (1000 + i));
                }
            }
        }
        return codes;
    }

    private static boolean isAnswerTo(JsonObject frame, int id) {
        return !frame.has("method") && frame.has("id") && frame.get("id").isJsonPrimitive()
                && frame.get("id").getAsString().equals(String.valueOf(id));
    }
}
