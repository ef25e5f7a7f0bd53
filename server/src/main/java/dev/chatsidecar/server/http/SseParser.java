package dev.chatsidecar.server.http;

import dev.chatsidecar.server.upstream.BackendException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cuts Server-Sent Events out of bytes pushed in as they arrive, as the HTML "event stream" rules
 * describe: lines end in LF, CR or CRLF; lines starting with {@code :} are comments; {@code event:}
 * names the event; several {@code data:} lines join with {@code \n}; one space after the colon is
 * dropped; a blank line dispatches the event. {@code id:} and {@code retry:} are read and ignored.
 *
 * <p>Lines are cut on bytes and decoded as whole lines, so a multi-byte UTF-8 character split across
 * network reads decodes correctly. A line is handled as soon as its terminator arrives (a CR is not
 * held back waiting for a possible LF). At the end of the input ({@link #end}) an event that has data
 * but no closing blank line is still delivered — real servers end with {@code data: [DONE]\n} — and
 * flagged as cut short. {@link SseReader} reads a stream with it; the HTTP backends push the body
 * into it on the thread that receives the bytes.
 *
 * <p>Not thread-safe; one parser per stream.
 */
public final class SseParser {
    /** The longest line accepted (1 MiB); a longer one is a {@link SseFormatException}, not a memory leak. */
    public static final int MAX_LINE_BYTES = 1 << 20;

    /** Receives the events. */
    public interface Listener {
        /**
         * One event.
         *
         * @param cutShort whether the end of the input, not a blank line, closed it
         * @return {@code true} to stop: the rest of the input is not looked at
         */
        boolean event(SseEvent event, boolean cutShort) throws BackendException;
    }

    private final Listener listener;
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean skipLineFeed;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String eventName;
    private boolean stopped;

    public SseParser(Listener listener) {
        this.listener = listener;
    }

    /**
     * Takes the next bytes of the stream.
     *
     * @return {@code true} once the listener asked to stop (later input is ignored)
     * @throws SseFormatException when a line exceeds {@link #MAX_LINE_BYTES}
     */
    public boolean feed(byte[] bytes, int offset, int length) throws SseFormatException, BackendException {
        int end = offset + length;
        for (int i = offset; i < end && !stopped; i++) {
            byte b = bytes[i];
            if (skipLineFeed) {
                skipLineFeed = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\n' || b == '\r') {
                skipLineFeed = b == '\r';
                stopped = line(decodeLine());
            } else {
                append(b);
            }
        }
        return stopped;
    }

    /** The end of the input: a last unterminated line counts, and pending data is dispatched as cut short. */
    public void end() throws BackendException {
        if (stopped) {
            return;
        }
        if (lineLength > 0) {
            stopped = line(decodeLine());
        }
        if (!stopped && hasData) {
            stopped = true;
            listener.event(dispatch(), true);
        }
    }

    /** Handles one line; true when the listener asked to stop. */
    private boolean line(String text) throws BackendException {
        if (text.isEmpty()) {
            if (hasData) {
                return listener.event(dispatch(), false);
            }
            eventName = null;
            return false;
        }
        if (text.charAt(0) == ':') {
            return false;
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
        return false;
    }

    private SseEvent dispatch() {
        SseEvent event = new SseEvent(eventName == null || eventName.isEmpty() ? "message" : eventName, data.toString());
        data.setLength(0);
        hasData = false;
        eventName = null;
        return event;
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
        lineLength = 0;
        if (line.length > 64 * 1024) {
            line = new byte[256]; // do not keep a huge buffer after one long line
        }
        return text;
    }
}
