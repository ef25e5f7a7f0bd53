package dev.chatsidecar.server.rpc.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NewlineFramingTest {

    @Test
    void oneMessagePerLineSplitAcrossReadsWithCrLfAndBlankLines() throws IOException {
        Framing framing = new NewlineFraming(OneByteAtATime.of("{\"a\":1}\n\r\n  \n{\"b\":\"é\"}\r\n\n{\"c\":3}"));
        assertEquals("{\"a\":1}", OneByteAtATime.body(framing.read()));
        assertEquals("{\"b\":\"é\"}", OneByteAtATime.body(framing.read()));
        assertEquals("{\"c\":3}", OneByteAtATime.body(framing.read()), "a last line without its newline still counts");
        assertNull(framing.read());
    }

    @Test
    void aLongLineWithinTheLimitIsWhole() throws IOException {
        String big = "{\"text\":\"" + "y".repeat(200_000) + "\"}";
        Framing framing = new NewlineFraming(new java.io.ByteArrayInputStream((big + "\n{}\n")
                .getBytes(StandardCharsets.UTF_8)), 300_000);
        assertEquals(big, OneByteAtATime.body(framing.read()));
        assertEquals("{}", OneByteAtATime.body(framing.read()));
    }

    @Test
    void aLineOverTheLimitIsAnsweredAtTheLimitThenSkippedWithoutBeingStored() throws IOException {
        long huge = 50L * 1024 * 1024; // far more than the limit; generated, never held
        InputStream endless = new InputStream() {
            long left = huge;
            final byte[] after = "\n{\"next\":true}\n".getBytes(StandardCharsets.US_ASCII);
            int at;

            @Override
            public int read() {
                if (left > 0) {
                    left--;
                    return 'z';
                }
                return at < after.length ? after[at++] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left > 0) {
                    int n = (int) Math.min(len, left);
                    java.util.Arrays.fill(b, off, off + n, (byte) 'z');
                    left -= n;
                    return n;
                }
                return super.read(b, off, len);
            }
        };
        Framing framing = new NewlineFraming(endless, 1024);
        InboundFrame refused = framing.read();
        assertEquals(InboundFrame.Kind.TOO_LARGE, refused.problem().kind());
        assertTrue(refused.problem().message().contains("1024"), refused.problem().message());
        assertEquals("{\"next\":true}", OneByteAtATime.body(framing.read()));
        assertNull(framing.read());
    }

    @Test
    void writesTheBodyAndANewline() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new NewlineFraming(InputStream.nullInputStream()).write(out, "{\"a\":\"x\\ny\"}".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("{\"a\":\"x\\ny\"}\n".getBytes(StandardCharsets.UTF_8), out.toByteArray());
    }
}
