package dev.chatsidecar.server.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.chatsidecar.server.testing.InProcessServer;
import dev.chatsidecar.server.testing.ScriptedBackend;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds thousands of random and mutated JSON-RPC frames to a real server and checks: it never
 * dies, every request is answered exactly once, stdout holds only frames, memory stays bounded.
 * Reproduce with {@code -Dfuzz.seed=N}; run longer with {@code -Dfuzz.iterations=N}.
 */
class ProtocolFuzzTest {
    private static final List<String> SEEDS = List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chat/models\",\"params\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chat/complete\",\"params\":{\"messages\":[{\"role\":\"user\",\"content\":\"echo:fuzz me\"}],\"workDoneToken\":\"t\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"s\",\"method\":\"chat/complete\",\"params\":{\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"echo:x y\"}],\"model\":\"s-alias\",\"options\":{\"temperature\":0.5,\"maxTokens\":9}}}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"workspace/didChangeConfiguration\",\"params\":{\"settings\":{\"defaultModel\":\"s-other\"}}}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"window/workDoneProgress/cancel\",\"params\":{\"token\":\"t\"}}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":1}}");
    private static final String ALPHABET = "{}[]\":,0123456789-.eE truefalsnul\\/abcxyz\u00e9\u4e2d\ud83d\ude00";

    @Test
    void randomAndMutatedFramesNeverBreakTheServer() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        int iterations = Integer.getInteger("fuzz.iterations", 3000);
        System.out.println("ProtocolFuzzTest seed=" + seed + " iterations=" + iterations);
        Random random = new Random(seed);
        ScriptedBackend backend = ScriptedBackend.standard();
        Runtime runtime = Runtime.getRuntime();
        try (InProcessServer s = new InProcessServer(List.of(backend))) {
            s.client.initialize(null);
            Map<String, Integer> expectedResponses = new HashMap<>();
            int nextId = 1000;
            int requests = 0;
            for (int i = 0; i < iterations; i++) {
                String body = mutate(SEEDS.get(random.nextInt(SEEDS.size())), random);
                JsonElement parsed = tryParse(body);
                if (parsed != null && parsed.isJsonObject()) {
                    JsonObject object = parsed.getAsJsonObject();
                    if (object.has("method") && object.get("method").isJsonPrimitive()
                            && List.of("exit", "shutdown").contains(object.get("method").getAsString())) {
                        object.addProperty("method", "chat/models");
                    }
                    if (object.has("id") && object.get("id").isJsonPrimitive()) {
                        // unique ids make "answered exactly once" checkable
                        object.addProperty("id", "f" + nextId++);
                        if (object.has("method") && object.get("method").isJsonPrimitive()) {
                            expectedResponses.put(object.get("id").getAsString(), 0);
                            requests++;
                        }
                    }
                    body = object.toString();
                }
                s.client.sendRaw(body);
            }
            // a final request proves the server still serves, and orders after everything above
            JsonObject last = s.client.response(s.client.request("chat/models", "{}"));
            assertTrue(last.has("result"), "still serving after " + iterations + " fuzz frames (seed " + seed + ")");
            // give in-flight chat/complete requests their answers
            for (String id : expectedResponses.keySet()) {
                s.client.awaitFrame(f -> f.has("id") && f.get("id").isJsonPrimitive()
                        && f.get("id").getAsString().equals(id) && !f.has("method"), "response to " + id);
            }
            for (JsonObject frame : s.client.seen()) {
                if (frame.has("id") && frame.get("id").isJsonPrimitive() && !frame.has("method")) {
                    expectedResponses.computeIfPresent(frame.get("id").getAsString(), (k, n) -> n + 1);
                }
            }
            expectedResponses.forEach((id, n) -> assertEquals(1, n, "request " + id + " answered once (seed " + seed + ")"));
            assertNull(s.client.wireError(), "stdout held only frames (seed " + seed + ")");
            List<JsonObject> out = s.client.seen();
            long responses = out.stream().filter(f -> f.has("id") && !f.has("method")).count();
            System.out.println("ProtocolFuzzTest frames=" + iterations + " requests=" + requests
                    + " responses=" + responses + " (of which errors "
                    + out.stream().filter(f -> f.has("error")).count() + ") framesOut=" + out.size());
            System.gc();
            long usedMb = (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);
            assertTrue(usedMb < 256, "heap after the run: " + usedMb + " MB");
        }
    }

    private static JsonElement tryParse(String body) {
        try {
            return JsonParser.parseString(body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** One of several mutations: byte flips, deletions, insertions, truncation, value swaps, or pure noise. */
    static String mutate(String seed, Random random) {
        StringBuilder text = new StringBuilder(seed);
        int kind = random.nextInt(8);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && text.length() > 0; e++) {
            int at = random.nextInt(text.length());
            switch (kind) {
                case 0 -> text.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 1 -> text.deleteCharAt(at);
                case 2 -> text.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 3 -> text.setLength(at);
                case 4 -> replaceValue(text, random);
                case 5 -> {
                    text.setLength(0);
                    int n = random.nextInt(60);
                    for (int k = 0; k < n; k++) {
                        text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                    }
                }
                default -> { } // keep valid frames in the mix
            }
        }
        return new String(text.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static void replaceValue(StringBuilder text, Random random) {
        String[] values = {"null", "[]", "{}", "-1", "1e999", "\"\"", "true", "[{\"role\":\"user\"}]", "\"\\u0000\""};
        int colon = text.indexOf(":", random.nextInt(Math.max(1, text.length())));
        if (colon < 0) {
            return;
        }
        int end = colon + 1;
        while (end < text.length() && ",}]".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        text.replace(colon + 1, end, values[random.nextInt(values.length)]);
    }
}
