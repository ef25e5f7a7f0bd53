package dev.chatsidecar.server.rpc.framing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The LSP base protocol: {@code Content-Length: N\r\n\r\n} followed by N bytes. Other headers
 * ({@code Content-Type}) are ignored. A bad header is answered and reading re-synchronises at the
 * next {@code Content-Length}; a declared length over the limit is skipped without being stored.
 */
public final class ContentLengthFraming extends InputFraming {
    /** The longest header line kept, in bytes; the rest of a longer line is dropped. */
    static final int MAX_HEADER_LINE = 8 * 1024;
    private static final String CONTENT_LENGTH = "content-length:";
    private static final long NO_LENGTH = -3;

    /** Bytes of a refused body still to drop before the next header (answered before they are read). */
    private long toSkip;

    public ContentLengthFraming(InputStream in) {
        this(in, DEFAULT_MAX_BODY_BYTES);
    }

    public ContentLengthFraming(InputStream in, int maxBodyBytes) {
        super(in, maxBodyBytes);
    }

    @Override
    public InboundFrame read() throws IOException {
        if (toSkip > 0 && !skip(toSkip)) {
            return null;
        }
        toSkip = 0;
        Header header = readHeader();
        if (header == null) {
            return null;
        }
        if (header.problem != null) {
            return InboundFrame.refused(InboundFrame.Kind.PARSE_ERROR, "Parse error: " + header.problem + ".");
        }
        long length = header.length;
        if (length > maxBodyBytes) {
            toSkip = length; // answered now: the client may be waiting for the answer before it sends the rest
            return InboundFrame.refused(InboundFrame.Kind.TOO_LARGE, "Frame too large: Content-Length "
                    + length + " exceeds the limit of " + maxBodyBytes + " bytes.");
        }
        byte[] body;
        try {
            body = new byte[(int) length];
        } catch (OutOfMemoryError e) {
            return skip(length) ? InboundFrame.refused(InboundFrame.Kind.OVERLOADED,
                    "The sidecar has no memory for a frame of " + length + " bytes now.") : null;
        }
        int read = in.readNBytes(body, 0, body.length);
        return read < body.length ? null : InboundFrame.of(body);
    }

    @Override
    public void write(OutputStream out, byte[] body) throws IOException {
        out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
    }

    /** A header block: the declared length, or why it cannot be used. */
    private record Header(long length, String problem) {
    }

    /** The next header block (blank lines before it skipped); {@code null} at end of input. */
    private Header readHeader() throws IOException {
        long length = NO_LENGTH;
        boolean sawAnything = false;
        String problem = null;
        while (true) {
            String line = readLine();
            if (line == null) {
                return null;
            }
            if (line.isEmpty()) {
                if (sawAnything) {
                    break;
                }
                continue;
            }
            sawAnything = true;
            int at = line.toLowerCase(Locale.ROOT).indexOf(CONTENT_LENGTH);
            if (at > 0) {
                line = line.substring(at); // garbage before a header: tolerated, the length still counts
            }
            if (at >= 0) {
                String value = line.substring(CONTENT_LENGTH.length()).trim();
                try {
                    length = Long.parseLong(value);
                    if (length < 0) {
                        problem = "negative Content-Length " + value;
                    }
                } catch (NumberFormatException e) {
                    problem = "Content-Length is not a number: \"" + abbreviate(value) + "\"";
                }
            } else if (!line.contains(":")) {
                problem = "malformed header line \"" + abbreviate(line) + "\"";
            }
        }
        if (length == NO_LENGTH && problem == null) {
            problem = "missing Content-Length header";
        }
        return length >= 0 ? new Header(length, null) : new Header(length, problem);
    }

    /** One header line without its CR LF; {@code null} at end of input. Overlong lines are cut. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                break;
            }
            if (line.size() < MAX_HEADER_LINE) {
                line.write(b);
            }
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Reads and drops {@code length} bytes; false when the input ended first. */
    private boolean skip(long length) throws IOException {
        byte[] buffer = new byte[8192];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                return false;
            }
            left -= n;
        }
        return true;
    }

    static String abbreviate(String text) {
        String visible = text.replaceAll("\\p{Cntrl}", "?");
        return visible.length() > 40 ? visible.substring(0, 40) + "…" : visible;
    }
}
