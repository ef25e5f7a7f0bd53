package dev.chatsidecar.server.rpc.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentLengthFramingTest {

    @Test
    void readsFramesSplitAcrossReadsAndIgnoresOtherHeaders() throws IOException {
        Framing framing = new ContentLengthFraming(OneByteAtATime.of("Content-Length: 2\r\n\r\n{}"
                + "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length:8\r\n\r\n[1,\"é\"]"));
        assertEquals("{}", OneByteAtATime.body(framing.read()));
        assertEquals("[1,\"é\"]", OneByteAtATime.body(framing.read()));
        assertNull(framing.read(), "end of input");
    }

    @Test
    void aBadHeaderIsAParseErrorAndTheNextFrameIsRead() throws IOException {
        Framing framing = new ContentLengthFraming(OneByteAtATime.of("Content-Length: lots\r\n\r\n"
                + "Content-Type: x\r\n\r\n" + "Content-Length: 2\r\n\r\n{}"));
        assertEquals(InboundFrame.Kind.PARSE_ERROR, framing.read().problem().kind());
        InboundFrame.Problem missing = framing.read().problem();
        assertEquals(InboundFrame.Kind.PARSE_ERROR, missing.kind());
        assertTrue(missing.message().contains("missing Content-Length"), missing.message());
        assertEquals("{}", OneByteAtATime.body(framing.read()));
    }

    @Test
    void aTooLargeFrameIsAnsweredBeforeItsBodyArrivesAndThenSkipped() throws IOException {
        byte[] head = "Content-Length: 100\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        InputStream rest = new ByteArrayInputStream(("x".repeat(100) + "Content-Length: 2\r\n\r\n{}")
                .getBytes(StandardCharsets.US_ASCII));
        CountingInput tail = new CountingInput(rest);
        Framing framing = new ContentLengthFraming(new SequenceInputStream(new ByteArrayInputStream(head), tail), 10);
        InboundFrame refused = framing.read();
        assertEquals(InboundFrame.Kind.TOO_LARGE, refused.problem().kind());
        assertEquals(0, tail.count, "the body was not read before the answer");
        assertEquals("{}", OneByteAtATime.body(framing.read()));
    }

    @Test
    void inputEndingInsideABodyEndsReading() throws IOException {
        assertNull(new ContentLengthFraming(OneByteAtATime.of("Content-Length: 10\r\n\r\n{}")).read());
    }

    @Test
    void writesTheHeaderAndTheBody() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ContentLengthFraming(InputStream.nullInputStream()).write(out, "{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("Content-Length: 10\r\n\r\n{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8), out.toByteArray());
    }

    /** Counts the bytes read through it. */
    static final class CountingInput extends java.io.FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(n, 0);
            return n;
        }
    }
}
