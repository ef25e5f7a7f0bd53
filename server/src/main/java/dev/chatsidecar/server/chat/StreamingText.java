package dev.chatsidecar.server.chat;

import dev.chatsidecar.server.backend.DeltaSink;
import dev.chatsidecar.server.rpc.ProgressSink;

/**
 * The answer of one attempt as it streams: forwards deltas to the progress sink and keeps the text
 * the client has been sent, so that it travels with any later error. After {@link #close()} nothing
 * more is accepted, which freezes {@code partialText} at what the client saw.
 */
final class StreamingText implements DeltaSink {
    private final ProgressSink progress;
    private final long startNanos;
    private final StringBuilder text = new StringBuilder();
    private String model;
    private boolean accepted;
    private boolean closed;
    private long firstDeltaNanos = -1;

    StreamingText(ProgressSink progress, long startNanos) {
        this.progress = progress;
        this.startNanos = startNanos;
    }

    /** Starts an attempt with {@code model}; the previous attempt must not have streamed text. */
    synchronized void attempt(String model) {
        this.model = model;
    }

    @Override
    public synchronized void accepted() {
        if (!accepted && !closed) {
            accepted = true;
            progress.begin(model);
        }
    }

    @Override
    public synchronized void delta(String piece) {
        if (closed || piece == null || piece.isEmpty()) {
            return;
        }
        accepted();
        if (firstDeltaNanos < 0) {
            firstDeltaNanos = System.nanoTime();
        }
        text.append(piece);
        progress.report(piece);
    }

    /** Reasoning goes to the client as it comes but is not part of the answer (nor of {@code partialText}). */
    @Override
    public synchronized void reasoning(String piece) {
        if (closed || piece == null || piece.isEmpty()) {
            return;
        }
        accepted();
        progress.reasoning(piece);
    }

    /** Ends the stream: sends {@code begin} if it never went out, then {@code end}. Returns the text sent. */
    synchronized String close(String finishReason) {
        if (!closed) {
            accepted();
            closed = true;
            progress.end(finishReason);
        }
        return text.toString();
    }

    /** Whether {@code begin} went out: a backend accepted the request (or the stream was closed). */
    synchronized boolean begun() {
        return accepted;
    }

    synchronized boolean hasText() {
        return text.length() > 0;
    }

    synchronized String text() {
        return text.toString();
    }

    synchronized Long firstTokenMs() {
        return firstDeltaNanos < 0 ? null : (firstDeltaNanos - startNanos) / 1_000_000;
    }
}
