package dev.chatsidecar.server.chatgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.server.http.ChunkedInputStream;
import dev.chatsidecar.server.testing.SharedFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Replays every real capture in {@code ../shared/fixtures/chatgpt/*.sse} in random chunk sizes and
 * checks the answer against the length and hash that {@code SOURCES.md} lists for it.
 */
class ChatGptStreamDecoderFixturesTest {
    private static final Pattern ROW = Pattern.compile(
            "^\\|\\s*([a-z0-9-]+)…?[^|]*\\|\\s*([0-9a-f-]{36})\\s*\\|[^|]*\\|\\s*(\\d+)\\s*\\|\\s*([0-9a-f]{16})\\s*\\|\\s*$",
            Pattern.MULTILINE);

    /** The expected answer of one capture, read from SOURCES.md. */
    private record Expected(String filePrefix, String assistantId, int length, String sha256Prefix) {
    }

    private static List<Expected> expectations() {
        String sources = SharedFixtures.chatgptText("SOURCES.md");
        List<Expected> rows = new java.util.ArrayList<>();
        Matcher m = ROW.matcher(sources);
        while (m.find()) {
            rows.add(new Expected(m.group(1), m.group(2), Integer.parseInt(m.group(3)), m.group(4)));
        }
        return rows;
    }

    private static Expected expectedFor(Path file) {
        String name = file.getFileName().toString();
        return expectations().stream().filter(e -> name.startsWith(e.filePrefix())).findFirst()
                .orElseThrow(() -> new AssertionError("SOURCES.md lists no expected answer for " + name));
    }

    @Test
    void everyCaptureHasAnExpectation() {
        List<Path> streams = SharedFixtures.chatgptStreams();
        assertFalse(streams.isEmpty());
        streams.forEach(ChatGptStreamDecoderFixturesTest::expectedFor);
    }

    @Test
    void everyCaptureDecodesToItsListedTextInRandomChunks() throws Exception {
        long baseSeed = Long.getLong("fixtureSeed", System.nanoTime());
        System.out.println("fixture chunk seed: " + baseSeed + " (rerun with -DfixtureSeed=" + baseSeed + ")");
        Random seeds = new Random(baseSeed);
        for (Path file : SharedFixtures.chatgptStreams()) {
            Expected expected = expectedFor(file);
            byte[] bytes = Files.readAllBytes(file);
            for (int round = 0; round < 20; round++) {
                long seed = seeds.nextLong();
                byte[] input = round % 2 == 0 ? bytes
                        : new String(bytes, StandardCharsets.UTF_8).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
                StreamRun run = new StreamRun();
                ChatGptStreamDecoder.Outcome outcome = run.run(ChunkedInputStream.random(input, seed, 1 + round * 50));
                String where = file.getFileName() + " with chunk seed " + seed;
                String text = run.decoder.text();
                assertEquals(expected.length(), text.codePointCount(0, text.length()), where);
                assertEquals(expected.sha256Prefix(), sha256Prefix(text), where);
                assertEquals(text, run.joined(), where);
                assertNotNull(outcome.conversation(), where);
                assertEquals(expected.assistantId(), outcome.conversation().parentMessageId, where);
                assertEquals("stop", outcome.finishReason(), where);
            }
        }
    }

    @Test
    void conversationIdsComeFromTheStream() throws Exception {
        StreamRun v1 = new StreamRun();
        var outcome = v1.run(Files.newInputStream(SharedFixtures.chatgpt("delta-v1-2024-10-gpt-4o.sse")));
        assertEquals("670fce41-4328-800b-8b72-f52b274345f0", outcome.conversation().id);
        assertTrue(v1.deltas.size() > 100, "streamed in many pieces: " + v1.deltas.size());
        StreamRun legacy = new StreamRun();
        var legacyOutcome = legacy.run(Files.newInputStream(
                SharedFixtures.chatgpt("legacy-2024-10-gpt-4o-mini-truncated.sse")));
        assertEquals("670e921b-cbb0-8002-9abc-a1ba20e84d4a", legacyOutcome.conversation().id);
    }

    private static String sha256Prefix(String text) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hash).substring(0, 16);
    }
}
