package dev.chatsidecar.server.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.chatsidecar.server.testing.FrameClient;
import dev.chatsidecar.server.testing.SharedFiles;
import dev.chatsidecar.server.testing.SidecarProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real sidecar process answers from the embedded model: every byte on its stdout is a
 * Content-Length frame although the native library was extracted and loaded in that process, the
 * library went to the private cache directory, and the shared temp directory was left alone.
 */
class LocalStdoutCleanlinessTest {

    @Test
    void stdoutCarriesOnlyFramesWithTheNativeLibraryLoaded(@TempDir Path root) throws Exception {
        Map<String, Path> dirs = SidecarProcess.dirs(root);
        Path decoy = Files.writeString(dirs.get("tmp").resolve("llama-decoy.txt"), "the binding must not delete me");
        Path jllamaDecoy = Files.writeString(dirs.get("tmp").resolve("jllama-decoy"), "nor me");
        try (SidecarProcess sidecar = SidecarProcess.start(List.of("--stdio"),
                Map.of("java.io.tmpdir", dirs.get("tmp").toString(), "user.home", dirs.get("home").toString()),
                Map.of("CHAT_SIDECAR_LOCAL_MODEL", SharedFiles.storiesModel().toString(),
                        "XDG_CACHE_HOME", dirs.get("cache").toString(),
                        "CHAT_SIDECAR_CHATGPT_BASE_URL", "http://127.0.0.1:9",
                        "OPENAI_BASE_URL", "http://127.0.0.1:9/v1"));
             FrameClient client = new FrameClient(sidecar.process.getOutputStream(), sidecar.process.getInputStream())) {
            JsonObject init = client.initialize("{\"local\":{\"contextSize\":512}}");
            assertTrue(init.has("result"), init.toString());
            int id = client.request("chat/complete", "{\"messages\":[{\"role\":\"user\",\"content\":\"Once upon a time\"}],"
                    + "\"model\":\"local/stories260K\",\"workDoneToken\":\"t\","
                    + "\"options\":{\"temperature\":0,\"maxTokens\":32}}");
            JsonObject response = client.response(id);
            assertTrue(response.has("result"), response + "\nstderr:\n" + sidecar.stderrText());
            JsonObject result = response.getAsJsonObject("result");
            assertEquals("local/stories260K", result.get("model").getAsString());
            assertEquals("length", result.get("finishReason").getAsString());

            List<JsonObject> progress = client.progress("t");
            assertEquals("begin", progress.get(0).get("kind").getAsString());
            assertEquals("local/stories260K", progress.get(0).get("model").getAsString());
            assertEquals("end", progress.get(progress.size() - 1).get("kind").getAsString());
            StringBuilder streamed = new StringBuilder();
            progress.subList(1, progress.size() - 1).forEach(v -> streamed.append(v.get("delta").getAsString()));
            assertEquals(result.get("text").getAsString(), streamed.toString());
            assertFalse(streamed.toString().isBlank());

            client.response(client.request("shutdown", (String) null));
            client.notify("exit", null);
            assertEquals(0, sidecar.awaitExit(20), sidecar.stderrText());
            client.awaitEnd(Duration.ofSeconds(10));
            assertTrue(client.ended());
            assertNull(client.wireError(), "stdout carried something other than frames; stderr:\n" + sidecar.stderrText());
            assertFalse(client.rawFrames().stream().anyMatch(f -> f.contains("Extracted")));
        }
        Path library = dirs.get("cache").resolve("chat-sidecar/jllama-4.2.0-" + NativeLibraryFiles.platformFolder()
                .replace('/', '-') + "/" + System.mapLibraryName("jllama"));
        assertTrue(Files.isRegularFile(library), "library pre-extracted to " + library);
        assertTrue(Files.exists(decoy) && Files.exists(jllamaDecoy), "the shared temp dir was left alone");
    }
}
