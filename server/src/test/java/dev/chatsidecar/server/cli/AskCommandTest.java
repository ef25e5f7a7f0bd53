package dev.chatsidecar.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.server.settings.SettingsStore;
import dev.chatsidecar.server.testing.ScriptedBackend;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ask through the real pipeline with a scripted backend. */
class AskCommandTest {

    private static String run(ScriptedBackend backend, List<String> args, String stdin, int expectedCode) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AskCommand ask = new AskCommand(new SettingsStore(Map.of()), List.of(backend), out,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expectedCode, ask.run(args));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void streamsTheAnswerToStdoutWithAFinalNewline() {
        ScriptedBackend backend = ScriptedBackend.standard();
        assertEquals("Hello from the backend\n", run(backend, List.of("echo:Hello", "from", "the", "backend"), "", 0));
    }

    @Test
    void readsThePromptFromStdinWhenNoneIsGiven() {
        ScriptedBackend backend = ScriptedBackend.standard();
        assertEquals("piped prompt\n", run(backend, List.of(), "echo:piped prompt\n", 0));
        assertEquals("echo:piped prompt", backend.requests.peek().messages().get(0).content);
    }

    @Test
    void modelOptionPicksTheModel() {
        ScriptedBackend backend = ScriptedBackend.standard();
        run(backend, List.of("--model", "s-other", "echo:x"), "", 0);
        assertEquals("s-other", backend.requests.peek().model());
    }

    @Test
    void aFailureExitsWithOne() {
        ScriptedBackend backend = ScriptedBackend.standard();
        assertEquals("", run(backend, List.of("fail:unreachable"), "", 1));
    }

    @Test
    void partialTextStaysOnStdoutWhenTheStreamFailsLater() {
        ScriptedBackend backend = ScriptedBackend.standard();
        String out = run(backend, List.of("partial:Some text|upstream_error"), "", 1);
        assertTrue(out.startsWith("Some text"), out);
    }
}
