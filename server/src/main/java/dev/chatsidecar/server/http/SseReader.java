package dev.chatsidecar.server.http;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads Server-Sent Events from a byte stream, as the HTML "event stream" rules describe: lines end
 * in LF, CR or CRLF; lines starting with {@code :} are comments; {@code event:} names the event;
 * several {@code data:} lines join with {@code \n}; one space after the colon is dropped; a blank
 * line dispatches the event. {@code id:} and {@code retry:} are read and ignored.
 *
 * <p>Lines are cut on bytes and decoded as whole lines, so a multi-byte UTF-8 character split across
 * network reads decodes correctly. A line never blocks for more input once its terminator arrived
 * (a CR is not held back waiting for a possible LF). At the end of the stream an event that has data
 * but no closing blank line is still delivered — real servers end with {@code data: [DONE]\n}.
 *
 * <p>Not thread-safe; one reader per stream.
 */
public final class SseReader implements Closeable {
    /** The longest line accepted (1 MiB); a longer one is a {@link SseFormatException}, not a memory leak. */
    public static final int MAX_LINE_BYTES = 1 << 20;

    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int pos;
    private int limit;
    private boolean skipLineFeed;
    private boolean eof;

    private byte[] line = new byte[256];
    private int lineLength;

    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String eventName;
    private boolean lastCutShort;

    public SseReader(InputStream in) {
        this.in = in;
    }

    /**
     * The next event, or {@code null} at the end of the stream.
     *
     * @throws SseFormatException when a line exceeds {@link #MAX_LINE_BYTES}
     * @throws IOException        when reading fails
     */
    public SseEvent next() throws IOException {
        while (true) {
            String text = readLine();
            if (text == null) {
                if (!hasData) {
                    return null;
                }
                SseEvent last = dispatch();
                lastCutShort = true;
                return last;
            }
            if (text.isEmpty()) {
                if (hasData) {
                    return dispatch();
                }
                eventName = null;
                continue;
            }
            if (text.charAt(0) == ':') {
                continue;
            }
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            String value = colon < 0 ? "" : text.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "data" -> {
                    if (hasData) {
                        data.append('\n');
                    }
                    data.append(value);
                    hasData = true;
                }
                case "event" -> eventName = value;
                default -> {
                    // id, retry and unknown fields carry nothing this sidecar needs
                }
            }
        }
    }

    /**
     * Whether the event last returned was closed by the end of the input rather than by a blank line:
     * when its data does not make sense, the connection was most likely cut in the middle of it.
     */
    public boolean lastEventCutShort() {
        return lastCutShort;
    }

    private SseEvent dispatch() {
        SseEvent event = new SseEvent(eventName == null || eventName.isEmpty() ? "message" : eventName, data.toString());
        data.setLength(0);
        hasData = false;
        eventName = null;
        return event;
    }

    /** The next line without its terminator, or {@code null} at the end of input with nothing pending. */
    private String readLine() throws IOException {
        lineLength = 0;
        while (true) {
            if (pos == limit) {
                if (eof || !fill()) {
                    eof = true;
                    return lineLength > 0 ? decodeLine() : null;
                }
            }
            byte b = buffer[pos++];
            if (skipLineFeed) {
                skipLineFeed = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\n') {
                return decodeLine();
            }
            if (b == '\r') {
                skipLineFeed = true;
                return decodeLine();
            }
            append(b);
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private void append(byte b) throws SseFormatException {
        if (lineLength == MAX_LINE_BYTES) {
            throw new SseFormatException("an event-stream line is longer than " + MAX_LINE_BYTES + " bytes");
        }
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, line.length * 2));
        }
        line[lineLength++] = b;
    }

    private String decodeLine() {
        String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
        if (line.length > 64 * 1024) {
            line = new byte[256]; // do not keep a huge buffer after one long line
        }
        return text;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
