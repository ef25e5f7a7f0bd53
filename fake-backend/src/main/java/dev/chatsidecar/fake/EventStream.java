package dev.chatsidecar.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Server-Sent-Events body written as HTTP chunks, one chunk per event, flushed at once.
 *
 * <p>While the stream runs, a watcher reads the connection: the client has nothing more to send,
 * so end-of-input means it went away. That is counted once as a client abort, the socket is
 * closed and the writer's next call throws {@link ClientAbortedException}, without waiting for a
 * write to fail. Waits between events end early on abort.
 */
final class EventStream {
    /** How long a cut stream stays quiet before the connection is dropped. */
    static final long CUT_LINGER_MS = 100;

    private final Socket socket;
    private final OutputStream out;
    private final BodyEncoding encoding;
    private final Runnable onClientAbort;
    private final long eventDelayMs;
    private final CountDownLatch aborted = new CountDownLatch(1);
    private final AtomicBoolean ending = new AtomicBoolean();
    private final AtomicBoolean abortCounted = new AtomicBoolean();
    private boolean anySent;

    EventStream(Socket socket, InputStream in, OutputStream out, BodyEncoding encoding, Executor watchers,
            Runnable onClientAbort, long eventDelayMs) {
        this.socket = socket;
        this.out = out;
        this.encoding = encoding;
        this.onClientAbort = onClientAbort;
        this.eventDelayMs = eventDelayMs;
        watchers.execute(() -> watch(in));
    }

    /** The SSE text of one event: {@code event: name} (when non-null), {@code data: data}, blank line. */
    static String format(String name, String data) {
        StringBuilder text = new StringBuilder();
        if (name != null) {
            text.append("event: ").append(name).append('\n');
        }
        return text.append("data: ").append(data).append("\n\n").toString();
    }

    /** Sends {@code event: name} (when name is non-null) and {@code data: data}, after the event delay. */
    void event(String name, String data) throws IOException {
        raw(format(name, data));
    }

    /** Sends {@code data: data} with no event name. */
    void data(String data) throws IOException {
        event(null, data);
    }

    /** Sends raw SSE text as one chunk (after the event delay when something was sent before). */
    void raw(String text) throws IOException {
        if (anySent) {
            pause(eventDelayMs);
        }
        anySent = true;
        writeChunk(encoding.piece(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Declares that what follows is the end of the answer: a client that closes from now on has
     * had what it needs (e.g. it stops at {@code [DONE]}), so that is not counted as an abort.
     */
    void markEnding() {
        ending.set(true);
    }

    /** Ends the body properly (terminating chunk) and closes the connection. */
    void finish() throws IOException {
        ending.set(true);
        try {
            byte[] tail = encoding.end();
            if (tail.length > 0) {
                writeChunk(tail);
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // the client already had the whole answer and left: nothing lost
        } finally {
            closeQuietly();
        }
    }

    /**
     * Closes the connection in the middle of the body, without the terminating chunk, after
     * {@link #CUT_LINGER_MS}: a dropped connection comes some time after the last data, and a
     * client that has not yet consumed that data (the JDK HttpClient's body stream) would
     * otherwise report the failure first and lose it.
     */
    void cutAfterLinger() throws IOException {
        pause(CUT_LINGER_MS);
        cut();
    }

    /** Closes the connection in the middle of the body, without the terminating chunk. */
    void cut() {
        ending.set(true);
        try {
            out.flush();
        } catch (IOException ignored) {
            // the connection is being dropped anyway
        }
        closeQuietly();
    }

    /** Sends nothing until the client goes away or {@code maxMs} passed; then cuts the body. */
    void stall(long maxMs) throws IOException {
        pause(maxMs);
        cut();
    }

    /** Waits {@code ms}, returning early (with an exception) when the client went away. */
    void pause(long ms) throws IOException {
        if (ms <= 0) {
            checkNotAborted();
            return;
        }
        try {
            if (aborted.await(ms, TimeUnit.MILLISECONDS)) {
                throw new ClientAbortedException("client closed the connection", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly();
            throw new ClientAbortedException("interrupted", e);
        }
    }

    private void writeChunk(byte[] bytes) throws IOException {
        checkNotAborted();
        try {
            out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw abortedBy(e);
        }
    }

    private void checkNotAborted() throws ClientAbortedException {
        if (aborted.getCount() == 0) {
            throw new ClientAbortedException("client closed the connection", null);
        }
    }

    private ClientAbortedException abortedBy(IOException e) {
        markAborted();
        return e instanceof ClientAbortedException ? (ClientAbortedException) e
                : new ClientAbortedException("client closed the connection", e);
    }

    private void watch(InputStream in) {
        try {
            while (in.read() >= 0) {
                // a client does not send more after its request; ignore anything it does send
            }
        } catch (IOException ignored) {
            // a reset or our own close: both end the watch
        }
        markAborted();
    }

    /** Counts an abort only when the stream was not already ending on our side. */
    private void markAborted() {
        if (!ending.get() && abortCounted.compareAndSet(false, true)) {
            aborted.countDown();
            closeQuietly();
            onClientAbort.run();
        }
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do with this connection
        }
    }
}
