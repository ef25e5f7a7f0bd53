package dev.chatsidecar.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FakeBackendMainTest {
    @Test
    void printsOneJsonLineServesAndExitsAtEndOfStdin() throws Exception {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                FakeBackendMain.class.getName(), "--port", "0", "--format", "legacy")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader stdout = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = stdout.readLine();
            JsonObject ready = JsonParser.parseString(line).getAsJsonObject();
            int port = ready.get("port").getAsInt();
            assertTrue(port > 0);
            assertEquals(FakeBackendMain.readyLine(port), line);
            assertEquals("http://127.0.0.1:" + port, ready.get("baseUrl").getAsString());
            assertEquals("http://127.0.0.1:" + port + "/v1", ready.get("openaiBaseUrl").getAsString());

            HttpResponse<String> models = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(ready.get("openaiBaseUrl").getAsString() + "/models")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, models.statusCode());

            process.getOutputStream().close();
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "exits at end of stdin");
            assertEquals(0, process.exitValue());
            assertEquals(null, stdout.readLine(), "nothing but the one line on stdout");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void parsesEveryOption() {
        FakeBackendMain.Parsed parsed = FakeBackendMain.parse(new String[] {"--port", "1234", "--latency-ms", "5",
            "--chunk-delay-ms", "7", "--format", "legacy", "--difficulty", "00ffff", "--challenge", "arkose",
            "--api-key", "sk-x", "--no-proof-of-work", "--stall-max-ms", "99", "--seed", "3", "--quiet",
            "--ignore-stdin", "--mode", "2026"});
        FakeBackend.Options options = parsed.options;
        assertEquals(FakeBackend.Mode.Y2026, options.mode());
        assertEquals(FakeBackend.Mode.Y2024, FakeBackendMain.parse(new String[0]).options.mode(), "2024 by default");
        assertEquals(List.of(1234L, 5L, 7L, 99L, 3L), List.of((long) options.port(), options.latencyMs(),
                options.chunkDelayMs(), options.stallMaxMs(), options.randomSeed()));
        assertEquals(FakeBackend.Format.LEGACY, options.format());
        assertEquals("00ffff", options.difficulty());
        assertEquals(FakeBackend.Challenge.ARKOSE, options.challenge());
        assertEquals("sk-x", options.apiKey());
        assertEquals(false, options.requireProofOfWork());
        assertEquals(false, options.logRequests());
        assertTrue(parsed.ignoreStdin);
    }

    @Test
    void rejectsBadOptions() {
        assertThrows(IllegalArgumentException.class, () -> FakeBackendMain.parse(new String[] {"--format", "v2"}));
        assertThrows(IllegalArgumentException.class, () -> FakeBackendMain.parse(new String[] {"--difficulty", "XYZ"}));
        assertThrows(IllegalArgumentException.class, () -> FakeBackendMain.parse(new String[] {"--port"}));
        assertThrows(IllegalArgumentException.class, () -> FakeBackendMain.parse(new String[] {"--bogus"}));
        assertThrows(IllegalArgumentException.class, () -> FakeBackendMain.parse(new String[] {"--mode", "2025"}));
    }
}
