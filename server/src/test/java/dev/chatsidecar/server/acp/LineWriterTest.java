package dev.chatsidecar.server.acp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatsidecar.server.rpc.framing.NewlineFraming;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ACP output: one line per message, whole, whatever the number of writing threads. */
class LineWriterTest {
    @Test
    void concurrentWritersNeverInterleaveLines() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LineWriter writer = new LineWriter(new NewlineFraming(new ByteArrayInputStream(new byte[0])), out);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String body = "{\"writer\":" + t + ",\"pad\":\"" + "z".repeat(500) + "\"}";
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    try {
                        writer.writeLine(body);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n", -1);
        assertEquals(801, lines.length);
        for (int i = 0; i < 800; i++) {
            assertEquals(521, lines[i].length(), "line " + i + " is whole");
        }
    }
}
