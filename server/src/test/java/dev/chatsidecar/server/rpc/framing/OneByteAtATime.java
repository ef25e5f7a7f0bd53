package dev.chatsidecar.server.rpc.framing;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** An input that hands out at most one byte per read: every message arrives split across reads. */
final class OneByteAtATime extends FilterInputStream {
    int reads;

    OneByteAtATime(String text) {
        this(text.getBytes(StandardCharsets.UTF_8));
    }

    OneByteAtATime(byte[] bytes) {
        super(new ByteArrayInputStream(bytes));
    }

    static InputStream of(String text) {
        return new OneByteAtATime(text);
    }

    /** The text of a frame that must be a body. */
    static String body(InboundFrame frame) {
        org.junit.jupiter.api.Assertions.assertNull(frame.problem(), () -> "a body, not " + frame.problem());
        return new String(frame.body(), StandardCharsets.UTF_8);
    }

    @Override
    public int read(byte[] b, int off, int len) throws java.io.IOException {
        reads++;
        return super.read(b, off, Math.min(len, 1));
    }
}
