package dev.chatsidecar.server.acp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Newline-delimited framing: line ends, split reads, long lines, concurrent writers. */
class LineFramingTest {
    private static LineFraming reading(String input, int maxLine) {
        return new LineFraming(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), maxLine);
    }

    @Test
    void readsLinesWithLfOrCrLfSkipsBlankOnesAndKeepsALastLineWithoutEnd() throws IOException {
        LineFraming framing = reading("{\"a\":1}\n\r\n  \n{\"b\":\"é\"}\r\n{\"c\":3}", 1024);
        assertEquals("{\"a\":1}", framing.readLine());
        assertEquals("{\"b\":\"é\"}", framing.readLine());
        assertEquals("{\"c\":3}", framing.readLine());
        assertNull(framing.readLine());
    }

    @Test
    void aMessageArrivingOneByteAtATimeIsReadWhole() throws IOException {
        byte[] bytes = "{\"text\":\"naïve ☃\"}\n".getBytes(StandardCharsets.UTF_8);
        InputStream trickle = new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        LineFraming framing = new LineFraming(trickle, new ByteArrayOutputStream(), 1024);
        assertEquals("{\"text\":\"naïve ☃\"}", framing.readLine());
        assertNull(framing.readLine());
    }

    @Test
    void aLineOverTheLimitIsSkippedAndTheNextOneIsRead() throws IOException {
        LineFraming framing = reading("x".repeat(100) + "\n{\"ok\":true}\n", 64);
        assertThrows(LineFraming.LineTooLongException.class, framing::readLine);
        assertEquals("{\"ok\":true}", framing.readLine());
        assertEquals("y".repeat(64), reading("y".repeat(64) + "\n", 64).readLine());
    }

    @Test
    void concurrentWritersNeverInterleaveLines() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LineFraming framing = new LineFraming(new ByteArrayInputStream(new byte[0]), out);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String body = "{\"writer\":" + t + ",\"pad\":\"" + "z".repeat(500) + "\"}";
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    try {
                        framing.writeLine(body);
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
