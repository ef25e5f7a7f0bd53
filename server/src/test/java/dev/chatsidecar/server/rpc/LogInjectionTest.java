package dev.chatsidecar.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.server.log.Log;
import dev.chatsidecar.server.testing.InProcessServer;
import dev.chatsidecar.server.testing.ScriptedBackend;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Text from the client cannot forge a log line: control characters are written as escapes. */
class LogInjectionTest {
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @AfterEach
    void restore() {
        Log.setStream(System.err);
    }

    @Test
    void controlCharactersAreEscapedInEveryLine() {
        Log.setStream(stderr);
        Log.get(LogInjectionTest.class).warn("method x\n12:00:00.000 ERROR [Forged] owned\r\u001b[2J\u2028end");
        String written = stderr.toString(StandardCharsets.UTF_8);
        assertEquals(1, written.lines().count(), written);
        assertTrue(written.contains("x\\n12:00:00.000 ERROR [Forged] owned\\r\\u001b[2J\\u2028end"), written);
        assertEquals("plain text stays", Log.escapeControls("plain text stays"));
    }

    @Test
    void aMethodNameWithALineBreakStaysOnOneLine() {
        Log.setStream(stderr);
        try (InProcessServer s = new InProcessServer(List.of(ScriptedBackend.standard()))) {
            s.client.initialize(null);
            int id = s.client.request("chat/x\n00:00:00.000 ERROR [SidecarService] forged", "{}");
            assertEquals(-32601, s.client.response(id).getAsJsonObject("error").get("code").getAsInt());
        }
        String written = stderr.toString(StandardCharsets.UTF_8);
        assertTrue(written.contains("chat/x\\n00:00:00.000"), written);
        assertFalse(written.lines().anyMatch(line -> line.startsWith("00:00:00.000 ERROR")), written);
    }
}
