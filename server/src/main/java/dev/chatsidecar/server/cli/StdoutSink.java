package dev.chatsidecar.server.cli;

import dev.chatsidecar.server.chat.ProgressSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes each delta of {@code ask}'s answer to stdout as it arrives (or only keeps count, for
 * {@code --json}). The first failed write means the reader is gone: {@code onClosed} runs once and
 * nothing more is written.
 */
final class StdoutSink implements ProgressSink {
    private final OutputStream stdout;
    private final boolean stream;
    private final Runnable onClosed;
    private boolean wroteText;
    private boolean endsWithNewline;
    private boolean closed;

    StdoutSink(OutputStream stdout, boolean stream, Runnable onClosed) {
        this.stdout = stdout;
        this.stream = stream;
        this.onClosed = onClosed;
    }

    @Override
    public void begin(String model) {
    }

    @Override
    public void report(String delta) {
        if (stream) {
            writeText(delta);
        }
    }

    @Override
    public void end(String finishReason) {
    }

    /** Ends a streamed answer with a newline (kept partial answers too). */
    void finish() {
        boolean needsNewline;
        synchronized (this) {
            needsNewline = wroteText && !endsWithNewline;
        }
        if (needsNewline) {
            writeText("\n");
        }
    }

    synchronized boolean closed() {
        return closed;
    }

    private void writeText(String text) {
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                stdout.write(text.getBytes(StandardCharsets.UTF_8));
                stdout.flush();
                wroteText = true;
                endsWithNewline = text.endsWith("\n");
                return;
            } catch (IOException e) {
                closed = true;
            }
        }
        onClosed.run(); // outside the lock: cancelling runs the backend's abort actions
    }
}
