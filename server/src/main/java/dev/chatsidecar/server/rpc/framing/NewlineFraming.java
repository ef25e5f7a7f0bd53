package dev.chatsidecar.server.rpc.framing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Newline-delimited JSON, as the Agent Client Protocol speaks it over stdio: one compact JSON
 * message per line, ended by {@code \n} (a {@code \r} before it is dropped). Blank lines are skipped;
 * a line longer than the limit is skipped up to its end without being stored and answered as too
 * large; a last line without its newline still counts at the end of input. Written messages must be
 * compact (Gson's output never holds a raw line break: one in a string is escaped).
 *
 * <p>Plugged in like the {@code Content-Length} framing: {@code new StdioServer(new NewlineFraming(in), out, …)}
 * serves the sidecar's methods over lines; another protocol's endpoint reuses the same pieces
 * ({@code OutboundWriter(out, framing, json)}, {@code RequestsInFlight}, {@code MessageReader}).
 */
public final class NewlineFraming extends InputFraming {
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private boolean lineEnded;
    private boolean skippingLine;

    public NewlineFraming(InputStream in) {
        this(in, DEFAULT_MAX_BODY_BYTES);
    }

    public NewlineFraming(InputStream in, int maxBodyBytes) {
        super(in, maxBodyBytes);
    }

    @Override
    public InboundFrame read() throws IOException {
        while (true) {
            if (skippingLine && skipLine() < 0) {
                return null;
            }
            skippingLine = false;
            long length;
            ByteArrayOutputStream line;
            try {
                line = new ByteArrayOutputStream(256);
                length = readLine(line);
            } catch (OutOfMemoryError e) {
                line = null;
                skippingLine = !lineEnded; // the rest of this line goes too
                return InboundFrame.refused(InboundFrame.Kind.OVERLOADED,
                        "The sidecar has no memory for a message of this size now.");
            }
            if (length < 0) {
                return null;
            }
            if (length > maxBodyBytes) {
                skippingLine = !lineEnded; // answered now; the rest of the line is dropped before the next one
                return InboundFrame.refused(InboundFrame.Kind.TOO_LARGE, "Message too large: a line of more than "
                        + maxBodyBytes + " bytes.");
            }
            byte[] body = trimmed(line.toByteArray());
            if (body.length > 0) {
                return InboundFrame.of(body);
            }
        }
    }

    @Override
    public void write(OutputStream out, byte[] body) throws IOException {
        out.write(body);
        out.write('\n');
    }

    /**
     * Reads up to and including the next {@code \n}, but stops once the line is longer than the
     * limit ({@link #lineEnded} then false), so at most {@code maxBodyBytes + 1} bytes are kept.
     *
     * @return the line's length without its newline (over the limit: the bytes seen so far), or -1 at
     *         the end of input with nothing read
     */
    private long readLine(ByteArrayOutputStream line) throws IOException {
        long length = 0;
        lineEnded = false;
        while (true) {
            if (!fill()) {
                lineEnded = true;
                return length == 0 ? -1 : length;
            }
            int end = position;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            int chunk = (int) Math.min(end - position, maxBodyBytes + 1L - length);
            line.write(buffer, position, chunk);
            length += chunk;
            position += chunk;
            if (length > maxBodyBytes) {
                lineEnded = false;
                return length;
            }
            if (end < limit) {
                position++; // past the newline
                lineEnded = true;
                return length;
            }
        }
    }

    /** Drops input up to and including the next newline; -1 when the input ended first. */
    private int skipLine() throws IOException {
        while (fill()) {
            while (position < limit) {
                if (buffer[position++] == '\n') {
                    return 0;
                }
            }
        }
        return -1;
    }

    /** True when the buffer has bytes, reading more if needed; false at the end of input. */
    private boolean fill() throws IOException {
        if (position < limit) {
            return true;
        }
        int n = in.read(buffer, 0, buffer.length);
        position = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }

    /** The line without a trailing {@code \r} and surrounding blanks (empty for a blank line). */
    private static byte[] trimmed(byte[] line) {
        int start = 0;
        int end = line.length;
        while (start < end && isBlank(line[start])) {
            start++;
        }
        while (end > start && isBlank(line[end - 1])) {
            end--;
        }
        if (start == 0 && end == line.length) {
            return line;
        }
        byte[] out = new byte[end - start];
        System.arraycopy(line, start, out, 0, out.length);
        return out;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r';
    }
}
