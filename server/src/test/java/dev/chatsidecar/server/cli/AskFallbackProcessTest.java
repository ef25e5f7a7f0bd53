package dev.chatsidecar.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.server.testing.SharedFiles;
import dev.chatsidecar.server.testing.SidecarProcess;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main job in a child process, with every remote backend unreachable (as on a machine
 * without network): {@code ask} reports the failure in one stderr line, falls back to the embedded
 * model, streams its answer to stdout and exits 0 — although the loaded model keeps a non-daemon
 * native thread alive.
 */
class AskFallbackProcessTest {

    @Test
    void theMainJobFallsBackToTheEmbeddedModel(@TempDir Path root) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Path> dirs = SidecarProcess.dirs(root);
        try (SidecarProcess sidecar = SidecarProcess.start(List.of("ask", "Once upon a time"),
                Map.of("java.io.tmpdir", dirs.get("tmp").toString(), "user.home", dirs.get("home").toString()),
                Map.of("CHAT_SIDECAR_LOCAL_MODEL", SharedFiles.storiesModel().toString(),
                        "CHAT_SIDECAR_FALLBACK", "local/stories260K",
                        "CHAT_SIDECAR_CHATGPT_BASE_URL", "http://127.0.0.1:" + closedPort,
                        "XDG_CACHE_HOME", dirs.get("cache").toString()))) {
            sidecar.process.getOutputStream().close();
            CompletableFuture<byte[]> stdout = SidecarProcess.readAllAsync(sidecar.process.getInputStream());
            int code = sidecar.awaitExit(60);
            String answer = new String(stdout.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            String stderr = sidecar.stderrText();
            assertEquals(0, code, "stderr:\n" + stderr);
            assertTrue(answer.strip().length() > 20, "an answer was streamed: " + answer);
            assertTrue(answer.endsWith("\n"));
            List<String> lines = stderr.lines().toList();
            assertEquals(1, lines.size(), "exactly one line on stderr:\n" + stderr);
            assertTrue(lines.get(0).startsWith("chat-sidecar: Model "), lines.get(0));
            assertTrue(lines.get(0).contains("(unreachable: "), lines.get(0));
            assertTrue(lines.get(0).endsWith("falling back to local/stories260K."), lines.get(0));
        }
    }
}
