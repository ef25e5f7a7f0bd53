package dev.chatsidecar.server.rpc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.chatsidecar.protocol.Methods;
import dev.chatsidecar.protocol.ProgressValue;
import dev.chatsidecar.server.chat.ProgressSink;
import dev.chatsidecar.server.log.Log;
import dev.chatsidecar.server.rpc.framing.ContentLengthFraming;
import dev.chatsidecar.server.rpc.framing.Framing;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.Message;

/**
 * The only writer of stdout. Outgoing frames go through one queue of {@link Outbound} items, and
 * only the holder of one lock writes them, so frames never interleave. The thread that produces a
 * frame writes it itself when no one else is writing (no hand-off to another thread on the path
 * decoder → frame → stdout; for the HTTP backends that thread is the HTTP client's, which decodes the
 * stream where the bytes arrive); while someone is writing, it only queues and returns, and the writer
 * drains what others queued before it lets go. Threads that must never block on the client (the
 * reader of stdin, see {@link #handOffFrom}) always leave the writing to the writer thread.
 *
 * <p>Progress reports of a stream are coalesced while the client is not reading: the pending text
 * waits in one buffer per stream, queued once, and goes out as a single report when its turn comes,
 * so memory stays bounded by the answers themselves and {@code seq} stays gap-free. A thread that
 * writes to a stalled client waits with it (its own upstream then waits too; when it is the HTTP
 * client's thread, so do that client's other streams); every other producer goes on. When a write
 * fails (the client closed stdout) nothing more is written and {@link #onBroken} is told once.
 */
public final class OutboundWriter implements MessageConsumer, AutoCloseable {
    private static final Log LOG = Log.get(OutboundWriter.class);

    private final OutputStream out;
    private final Framing framing;
    private final MessageJsonHandler json;
    private final Queue<Outbound> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writing = new ReentrantLock();
    private final Object wakeUp = new Object();
    private final Thread thread;
    private boolean woken; // guarded by wakeUp
    private volatile boolean closed;
    private volatile boolean broken;
    private volatile Thread handOffOnly;
    private volatile Runnable onBroken = () -> { };

    /** A writer with LSP {@code Content-Length} framing. */
    public OutboundWriter(OutputStream out, MessageJsonHandler json) {
        this(out, new ContentLengthFraming(InputStream.nullInputStream()), json);
    }

    public OutboundWriter(OutputStream out, Framing framing, MessageJsonHandler json) {
        this.out = out;
        this.framing = framing;
        this.json = json;
        this.thread = new Thread(this::handOffLoop, "chat-sidecar-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** One item of the outgoing queue; written while holding the writing lock. */
    private interface Outbound {
        void write() throws IOException;
    }

    /** Frames produced on {@code reader} are written by the writer thread, never by {@code reader}. */
    public void handOffFrom(Thread reader) {
        this.handOffOnly = reader;
    }

    /** Called once, on a thread of its own, when writing to the client failed. */
    public void onBroken(Runnable action) {
        this.onBroken = action;
    }

    /** Queues an LSP4J message (responses, and error responses built by the reader). */
    @Override
    public void consume(Message message) {
        submit(frame(json.serialize(message)));
    }

    /** Queues a notification. */
    public void notify(String method, JsonElement params) {
        JsonObject message = new JsonObject();
        message.addProperty("jsonrpc", "2.0");
        message.addProperty("method", method);
        message.add("params", params);
        submit(frame(message.toString()));
    }

    /** Opens the progress stream of one request. */
    public ProgressChannel openProgress(JsonPrimitive token) {
        return new ProgressChannel(token);
    }

    /** Waits until everything queued so far is written (or dropped after a failure), at most {@code timeoutMs}. */
    public boolean flush(long timeoutMs) {
        CountDownLatch done = new CountDownLatch(1);
        submit(() -> {
            if (!broken) {
                out.flush();
            }
            done.countDown();
        });
        try {
            return done.await(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Ends the writer thread; frames queued after this are dropped. */
    @Override
    public void close() {
        closed = true;
        wake();
    }

    private Outbound frame(String body) {
        return () -> writeFrame(body);
    }

    private void submit(Outbound item) {
        queue.add(item);
        writeOrHandOff();
    }

    /** Writes the queue on this thread, or lets the writer thread do it (see {@link #handOffFrom}). */
    private void writeOrHandOff() {
        if (Thread.currentThread() == handOffOnly) {
            wake();
        } else {
            drain();
        }
    }

    /**
     * Writes what is queued if no one else is writing. The check after letting go of the lock catches
     * an item queued by a thread whose own attempt found the lock taken just before it was released.
     */
    private void drain() {
        while (!queue.isEmpty() && writing.tryLock()) {
            try {
                drainLocked();
            } finally {
                writing.unlock();
            }
        }
    }

    private void drainLocked() {
        Outbound item;
        while ((item = queue.poll()) != null) {
            try {
                item.write();
                if (queue.isEmpty() && !broken) {
                    out.flush();
                }
            } catch (IOException e) {
                markBroken(e);
            } catch (RuntimeException | OutOfMemoryError e) {
                LOG.error("could not write a frame; it is dropped", e);
            }
        }
    }

    private void markBroken(IOException e) {
        if (broken) {
            return;
        }
        broken = true;
        LOG.info("stdout closed by the client (" + e.getMessage() + "); stopping");
        Thread notice = new Thread(onBroken, "chat-sidecar-stdout-closed");
        notice.setDaemon(true);
        notice.start();
    }

    private void wake() {
        synchronized (wakeUp) {
            woken = true;
            wakeUp.notifyAll();
        }
    }

    private void handOffLoop() {
        while (true) {
            synchronized (wakeUp) {
                while (!woken) {
                    try {
                        wakeUp.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                woken = false;
            }
            try {
                drain();
            } catch (VirtualMachineError e) {
                LOG.error("the writer thread hit " + e + "; it goes on");
            }
            if (closed) {
                return;
            }
        }
    }

    private void writeFrame(String body) throws IOException {
        if (broken || closed) {
            return;
        }
        framing.write(out, body.getBytes(StandardCharsets.UTF_8));
        if (Log.enabled(Log.Level.TRACE)) {
            LOG.trace("sent " + (body.length() > 300 ? body.substring(0, 300) + "…" : body));
        }
    }

    /**
     * The {@code $/progress} stream of one request: one {@code begin}, gap-free {@code report}s,
     * one {@code end}; nothing after {@code end}.
     */
    public final class ProgressChannel implements ProgressSink, Outbound {
        private final JsonPrimitive token;
        private final StringBuilder pending = new StringBuilder();
        private final StringBuilder pendingReasoning = new StringBuilder();
        private boolean begun;
        private boolean scheduled;
        private String endReason;
        private boolean endWritten;
        private long seq;

        ProgressChannel(JsonPrimitive token) {
            this.token = token;
        }

        @Override
        public void begin(String model) {
            synchronized (this) {
                if (begun || endReason != null) {
                    return;
                }
                begun = true;
                queue.add(frame(progressFrame(ProgressValue.begin(model))));
            }
            writeOrHandOff();
        }

        @Override
        public void report(String delta) {
            append(pending, delta);
        }

        @Override
        public void reasoning(String text) {
            append(pendingReasoning, text);
        }

        /** Adds text to what the next report carries; merged into the report already queued, if one is. */
        private void append(StringBuilder buffer, String text) {
            synchronized (this) {
                if (!begun || endReason != null || text.isEmpty()) {
                    return;
                }
                buffer.append(text);
                if (!schedule()) {
                    return;
                }
            }
            writeOrHandOff();
        }

        @Override
        public void end(String finishReason) {
            synchronized (this) {
                if (endReason != null) {
                    return;
                }
                endReason = finishReason;
                if (!schedule()) {
                    return;
                }
            }
            writeOrHandOff();
        }

        /** Queues this channel unless it is queued already; true when it was queued now. Holds the lock. */
        private boolean schedule() {
            if (scheduled) {
                return false;
            }
            scheduled = true;
            queue.add(this);
            return true;
        }

        /** Writes the pending text as one report, then {@code end} if it has come. */
        @Override
        public void write() throws IOException {
            String delta;
            String thinking;
            String end;
            long reportSeq;
            synchronized (this) {
                scheduled = false;
                delta = pending.length() == 0 ? null : pending.toString();
                pending.setLength(0);
                thinking = pendingReasoning.length() == 0 ? null : pendingReasoning.toString();
                pendingReasoning.setLength(0);
                reportSeq = delta == null && thinking == null ? 0 : ++seq;
                end = endReason != null && !endWritten ? endReason : null;
                if (end != null) {
                    endWritten = true;
                }
            }
            if (delta != null || thinking != null) {
                writeFrame(progressFrame(ProgressValue.report(reportSeq, delta, thinking)));
            }
            if (end != null) {
                writeFrame(progressFrame(ProgressValue.end(end)));
            }
        }

        private String progressFrame(JsonObject value) {
            JsonObject params = new JsonObject();
            params.add("token", token);
            params.add("value", value);
            JsonObject message = new JsonObject();
            message.addProperty("jsonrpc", "2.0");
            message.addProperty("method", Methods.PROGRESS);
            message.add("params", params);
            return message.toString();
        }
    }
}
