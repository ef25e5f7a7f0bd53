package dev.chatsidecar.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.server.testing.ChildSidecar;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The CLI as a process: --version, --help, usage errors, and ask's failure path. */
class CommandLineTest {

    private record Outcome(int code, String stdout, String stderr) {
    }

    private static Outcome run(List<String> args, String stdin, Map<String, String> env) throws Exception {
        Process p = ChildSidecar.command(args, env);
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> ChildSidecar.readAll(p.getInputStream()));
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> ChildSidecar.readAll(p.getErrorStream()));
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "process ended");
        return new Outcome(p.exitValue(), out.get(), err.get());
    }

    @Test
    void versionPrintsNameAndVersion() throws Exception {
        Outcome o = run(List.of("--version"), null, Map.of());
        assertEquals(0, o.code);
        assertTrue(o.stdout.matches("chat-sidecar \\S+\\n"), o.stdout);
    }

    @Test
    void helpDescribesTheCommands() throws Exception {
        Outcome o = run(List.of("--help"), null, Map.of());
        assertEquals(0, o.code);
        assertTrue(o.stdout.contains("ask [-m MODEL] [-s SYSTEM]"), o.stdout);
        assertTrue(o.stdout.contains("--stdio"));
    }

    @Test
    void aBadEnvironmentValueIsLoggedAndTheDefaultsApply() throws Exception {
        Outcome o = run(List.of("--version"), null, Map.of("CHAT_SIDECAR_CONNECT_TIMEOUT_MS", "soon"));
        assertEquals(0, o.code);
        assertTrue(o.stderr.contains("WARN") && o.stderr.contains("CHAT_SIDECAR_CONNECT_TIMEOUT_MS"), o.stderr);
    }

    @Test
    void unknownArgumentsAreAUsageError() throws Exception {
        Outcome o = run(List.of("--frobnicate"), null, Map.of());
        assertEquals(2, o.code);
        assertTrue(o.stderr.contains("--frobnicate"));
        assertEquals("", o.stdout);
    }

    @Test
    void askWithoutAPromptAnywhereIsAUsageError() throws Exception {
        Outcome o = run(List.of("ask"), "", Map.of());
        assertEquals(2, o.code);
        assertTrue(o.stderr.contains("no prompt"), o.stderr);
    }

    @Test
    void askThatFailsPrintsOneClearLineAndExitsNonZero() throws Exception {
        Outcome o = run(List.of("ask", "hello"), null, Map.of("CHAT_SIDECAR_LOG", "error"));
        assertEquals(1, o.code);
        assertEquals("", o.stdout);
        List<String> lines = o.stderr.lines().filter(l -> l.startsWith("chat-sidecar:")).toList();
        assertEquals(1, lines.size(), o.stderr);
        assertTrue(lines.get(0).contains("Hint:"), lines.get(0));
    }
}
