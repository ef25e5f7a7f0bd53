package dev.chatsidecar.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseReaderTest {

    private static List<SseEvent> readAll(InputStream in) throws IOException {
        List<SseEvent> events = new ArrayList<>();
        try (SseReader reader = new SseReader(in)) {
            SseEvent event;
            while ((event = reader.next()) != null) {
                events.add(event);
            }
        }
        return events;
    }

    private static List<SseEvent> readAll(String text) throws IOException {
        return readAll(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static final String SAMPLE = "event: delta_encoding\ndata: \"v1\"\n\n"
            + ": ping\n"
            + "event: delta\ndata: {\"v\": \"a\"}   \n\n"
            + "data: first\ndata:second\ndata\n\n"
            + "id: 7\nretry: 100\ndata: \n\n"
            + "data: [DONE]\n\n";

    private static final List<SseEvent> SAMPLE_EVENTS = List.of(
            new SseEvent("delta_encoding", "\"v1\""),
            new SseEvent("delta", "{\"v\": \"a\"}   "),
            new SseEvent("message", "first\nsecond\n"),
            new SseEvent("message", ""),
            new SseEvent("message", "[DONE]"));

    @Test
    void readsEventsWithLineFeeds() throws IOException {
        assertEquals(SAMPLE_EVENTS, readAll(SAMPLE));
    }

    @Test
    void carriageReturnsAndCrLfEndLinesToo() throws IOException {
        assertEquals(SAMPLE_EVENTS, readAll(SAMPLE.replace("\n", "\r\n")));
        assertEquals(SAMPLE_EVENTS, readAll(SAMPLE.replace("\n", "\r")));
    }

    @Test
    void crLfSplitAcrossReadsIsOneLineEnd() throws IOException {
        byte[] bytes = "data: a\r\ndata: b\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        for (int split = 1; split < bytes.length; split++) {
            assertEquals(List.of(new SseEvent("message", "a\nb")), readAll(ChunkedInputStream.splitAt(bytes, split)),
                    "split at " + split);
        }
    }

    @Test
    void multiByteCharactersSplitAtEveryByteBoundaryDecode() throws IOException {
        String text = "data: h\u00e9llo \u597d\u7684 \uD83D\uDE00 \u2212\n\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int split = 1; split < bytes.length; split++) {
            assertEquals(List.of(new SseEvent("message", "h\u00e9llo \u597d\u7684 \uD83D\uDE00 \u2212")),
                    readAll(ChunkedInputStream.splitAt(bytes, split)), "split at " + split);
        }
        assertEquals(List.of(new SseEvent("message", "h\u00e9llo \u597d\u7684 \uD83D\uDE00 \u2212")),
                readAll(new ChunkedInputStream(bytes, () -> 1)), "one byte per read");
    }

    @Test
    void lastEventWithoutBlankLineIsDeliveredAtEnd() throws IOException {
        assertEquals(List.of(new SseEvent("message", "x"), new SseEvent("message", "[DONE]")),
                readAll("data: x\n\ndata: [DONE]"));
    }

    @Test
    void anEventClosedByTheEndOfInputIsMarkedCutShort() throws IOException {
        try (SseReader reader = new SseReader(new ByteArrayInputStream(
                "data: {\"a\": 1}\n\ndata: {\"b\": ".getBytes(StandardCharsets.UTF_8)))) {
            assertEquals(new SseEvent("message", "{\"a\": 1}"), reader.next());
            assertEquals(false, reader.lastEventCutShort());
            assertEquals(new SseEvent("message", "{\"b\": "), reader.next());
            assertEquals(true, reader.lastEventCutShort());
            assertNull(reader.next());
        }
    }

    @Test
    void blankLinesWithoutDataDispatchNothingAndForgetTheEventName() throws IOException {
        assertEquals(List.of(new SseEvent("message", "y")), readAll("event: lonely\n\n\n: c\n\ndata: y\n\n"));
    }

    @Test
    void lineLongerThanTheLimitFailsWithoutReadingItAll() {
        long[] served = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                served[0]++;
                return 'a';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'a');
                served[0] += len;
                return len;
            }
        };
        SseFormatException e = assertThrows(SseFormatException.class, () -> new SseReader(endless).next());
        assertTrue(e.getMessage().contains(String.valueOf(SseReader.MAX_LINE_BYTES)), e.getMessage());
        assertTrue(served[0] <= SseReader.MAX_LINE_BYTES + 8192, "read " + served[0] + " bytes");
    }

    @Test
    void lineJustUnderTheLimitIsFine() throws IOException {
        String data = "b".repeat(SseReader.MAX_LINE_BYTES - "data: ".length());
        assertEquals(List.of(new SseEvent("message", data)), readAll("data: " + data + "\n\n"));
    }

    @Test
    void eventEndingInCarriageReturnIsDeliveredWithoutWaitingForMoreInput() throws IOException {
        PipedInputStream in = new PipedInputStream();
        PipedOutputStream out = new PipedOutputStream(in);
        out.write("data: now\r\r".getBytes(StandardCharsets.UTF_8));
        out.flush();
        SseReader reader = new SseReader(in);
        SseEvent event = assertTimeoutPreemptively(Duration.ofSeconds(5), reader::next);
        assertEquals(new SseEvent("message", "now"), event);
        out.close();
        assertNull(reader.next());
    }
}
