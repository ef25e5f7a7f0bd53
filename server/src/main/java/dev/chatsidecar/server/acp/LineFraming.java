package dev.chatsidecar.server.acp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Newline-delimited JSON framing (ACP's stdio transport): one compact JSON message per line,
 * UTF-8, {@code \n} between messages (a {@code \r} before it is dropped). Reading and writing are
 * independent: one thread reads, any thread may write; each line is written whole and flushed.
 *
 * <p>This is the only class of the {@code acp} package that knows how messages are framed, so that
 * it can be replaced by the shared {@code rpc.framing} implementation.
 */
public final class LineFraming {
    /** The longest line accepted, in bytes (8 MiB: room for a prompt with embedded files). */
    public static final int MAX_LINE_BYTES = 8 * 1024 * 1024;

    private final InputStream in;
    private final OutputStream out;
    private final int maxLineBytes;

    public LineFraming(InputStream in, OutputStream out) {
        this(in, out, MAX_LINE_BYTES);
    }

    LineFraming(InputStream in, OutputStream out, int maxLineBytes) {
        this.in = in;
        this.out = out;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * The next non-blank line without its line end, or {@code null} at end of input. A last line
     * without a line end still counts.
     *
     * @throws LineTooLongException when a line exceeds the limit; its bytes are skipped up to the
     *                              next line end without being stored, so the next call reads on
     */
    public String readLine() throws IOException {
        while (true) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            long length = 0;
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                length++;
                if (length <= maxLineBytes) {
                    line.write(b);
                }
            }
            if (b == -1 && length == 0) {
                return null;
            }
            if (length > maxLineBytes) {
                throw new LineTooLongException(length, maxLineBytes);
            }
            String text = line.toString(StandardCharsets.UTF_8);
            if (!text.isBlank()) {
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            if (b == -1) {
                return null;
            }
        }
    }

    /** Writes one message as one line and flushes. {@code json} must not contain a raw line break. */
    public synchronized void writeLine(String json) throws IOException {
        out.write(json.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        out.flush();
    }

    /** A line longer than the limit was read and skipped. */
    public static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException(long length, int limit) {
            super("a line of " + length + " bytes exceeds the limit of " + limit + " bytes");
        }
    }
}
