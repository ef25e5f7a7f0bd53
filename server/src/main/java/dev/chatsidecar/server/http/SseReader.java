package dev.chatsidecar.server.http;

import dev.chatsidecar.server.upstream.BackendException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * Reads Server-Sent Events from a byte stream, one at a time: the pull form of {@link SseParser}
 * (which has the rules). Each read's bytes are parsed at once, so an event never waits for more input
 * once its blank line arrived.
 *
 * <p>Not thread-safe; one reader per stream.
 */
public final class SseReader implements Closeable {
    /** The longest line accepted (1 MiB); a longer one is a {@link SseFormatException}, not a memory leak. */
    public static final int MAX_LINE_BYTES = SseParser.MAX_LINE_BYTES;

    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private final ArrayDeque<SseEvent> ready = new ArrayDeque<>();
    private final SseParser parser = new SseParser(this::queue);
    private boolean lastCutShort;
    private boolean pendingCutShort;
    private boolean eof;

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
        while (ready.isEmpty() && !eof) {
            int n = in.read(buffer, 0, buffer.length);
            try {
                if (n <= 0) {
                    eof = true;
                    parser.end();
                } else {
                    parser.feed(buffer, 0, n);
                }
            } catch (BackendException e) {
                throw new IllegalStateException("the reader's own listener never fails", e);
            }
        }
        SseEvent event = ready.poll();
        lastCutShort = event != null && ready.isEmpty() && pendingCutShort;
        return event;
    }

    /**
     * Whether the event last returned was closed by the end of the input rather than by a blank line:
     * when its data does not make sense, the connection was most likely cut in the middle of it.
     */
    public boolean lastEventCutShort() {
        return lastCutShort;
    }

    private boolean queue(SseEvent event, boolean cutShort) {
        ready.add(event);
        pendingCutShort = cutShort;
        return false;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
