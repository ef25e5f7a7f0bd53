package dev.chatsidecar.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The push gunzip against what GZIPOutputStream writes, fed in every split the network may make. */
class GunzipTest {

    /** Collects what comes out; can stop after a number of bytes. */
    private static final class Collected implements BodyReceiver {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean ended;
        int stopAfter = Integer.MAX_VALUE;

        @Override
        public boolean bytes(byte[] input, int offset, int length) {
            bytes.write(input, offset, length);
            return bytes.size() >= stopAfter;
        }

        @Override
        public void end() {
            ended = true;
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.write(part, 0, part.length);
        }
        return out.toByteArray();
    }

    /** Feeds {@code body} in pieces of {@code size} bytes, then ends it. */
    private static Collected feed(byte[] body, int size) throws Exception {
        Collected out = new Collected();
        Gunzip gunzip = new Gunzip(out);
        for (int at = 0; at < body.length; at += size) {
            byte[] piece = Arrays.copyOfRange(body, at, Math.min(body.length, at + size));
            if (gunzip.bytes(piece, 0, piece.length)) {
                return out;
            }
        }
        gunzip.end();
        return out;
    }

    private static final String TEXT = "data: {\"v\": \"héllo wörld ✓\"}\n\n".repeat(300);

    @Test
    void inflatesWhateverTheSplitsAndPassesTheEndOn() throws Exception {
        byte[] body = gzip(TEXT);
        for (int size : new int[] {1, 2, 3, 7, 10, 11, 64, 1000, body.length}) {
            Collected out = feed(body, size);
            assertEquals(TEXT, out.text(), "pieces of " + size);
            assertTrue(out.ended, "pieces of " + size);
        }
    }

    @Test
    void membersFollowEachOtherAndGarbageAfterAMemberIsIgnored() throws Exception {
        byte[] body = concat(gzip("first "), gzip("second"), "not gzip".getBytes(StandardCharsets.US_ASCII));
        for (int size : new int[] {1, 5, body.length}) {
            assertEquals("first second", feed(body, size).text(), "pieces of " + size);
        }
    }

    @Test
    void readsTheOptionalHeaderFields() throws Exception {
        byte[] plain = gzip("named");
        // the same member with FEXTRA, FNAME, FCOMMENT and FHCRC set
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(new byte[] {0x1f, (byte) 0x8b, 8, 4 | 8 | 16 | 2, 0, 0, 0, 0, 0, (byte) 255}, 0, 10);
        header.write(new byte[] {3, 0, 'a', 'b', 'c'}, 0, 5);
        header.write("name.txt\0comment\0".getBytes(StandardCharsets.US_ASCII), 0, 17);
        CRC32 crc = new CRC32();
        crc.update(header.toByteArray());
        header.write(new byte[] {(byte) crc.getValue(), (byte) (crc.getValue() >> 8)}, 0, 2);
        byte[] body = concat(header.toByteArray(), Arrays.copyOfRange(plain, 10, plain.length));
        for (int size : new int[] {1, 4, body.length}) {
            assertEquals("named", feed(body, size).text(), "pieces of " + size);
        }
    }

    @Test
    void aBodyCutInsideAMemberIsAnEndOfFile() throws Exception {
        byte[] body = gzip(TEXT);
        for (int cut : new int[] {5, 20, body.length - 4}) {
            byte[] shorter = Arrays.copyOf(body, cut);
            assertThrows(EOFException.class, () -> feed(shorter, 100), "cut at " + cut);
        }
    }

    @Test
    void dataThatIsNotGzipOrACorruptTrailerIsMalformed() throws Exception {
        assertThrows(ResponseBodies.MalformedBodyException.class,
                () -> feed("data: ok\n\n".getBytes(StandardCharsets.US_ASCII), 3));
        byte[] body = gzip("checked");
        body[body.length - 8] ^= 1; // the CRC
        assertThrows(ResponseBodies.MalformedBodyException.class, () -> feed(body, 4));
        byte[] garbled = gzip(TEXT);
        Arrays.fill(garbled, 12, 40, (byte) 0xff);
        assertThrows(ResponseBodies.MalformedBodyException.class, () -> feed(garbled, 16));
    }

    @Test
    void aStopFromTheNextStageEndsTheFeedAtOnce() throws Exception {
        Collected out = new Collected();
        out.stopAfter = 10;
        Gunzip gunzip = new Gunzip(out);
        byte[] body = gzip(TEXT);
        assertTrue(gunzip.bytes(body, 0, body.length));
        assertArrayEquals(Arrays.copyOf(TEXT.getBytes(StandardCharsets.UTF_8), out.bytes.size()), out.bytes.toByteArray());
    }
}
