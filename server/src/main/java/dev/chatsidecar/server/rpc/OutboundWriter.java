package dev.chatsidecar.server.rpc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.chatsidecar.protocol.Methods;
import dev.chatsidecar.protocol.ProgressValue;
import dev.chatsidecar.server.log.Log;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.Message;

/**
 * The only writer of stdout. Every outgoing frame goes through one queue drained by one thread, so
 * frames never interleave and request threads never block on a slow client. Progress reports of a
 * stream are coalesced while the client is not reading: the pending text of a token waits in one
 * buffer and goes out as a single report when the writer gets to it, so memory stays bounded by the
 * answer itself and {@code seq} stays gap-free.
 */
public final class OutboundWriter implements MessageConsumer, AutoCloseable {
    private static final Log LOG = Log.get(OutboundWriter.class);
    private static final Object STOP = new Object();

    private final OutputStream out;
    private final MessageJsonHandler json;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean broken;

    public OutboundWriter(OutputStream out, MessageJsonHandler json) {
        this.out = out;
        this.json = json;
        this.thread = new Thread(this::drain, "chat-sidecar-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues an LSP4J message (responses from the remote endpoint). */
    @Override
    public void consume(Message message) {
        queue.add(message);
    }

    /** Queues an already serialized JSON-RPC message. */
    public void sendRaw(JsonObject message) {
        queue.add(message.toString());
    }

    /** Queues a notification. */
    public void notify(String method, JsonElement params) {
        JsonObject message = new JsonObject();
        message.addProperty("jsonrpc", "2.0");
        message.addProperty("method", method);
        message.add("params", params);
        sendRaw(message);
    }

    /** Opens the progress stream of one request. */
    public ProgressChannel openProgress(JsonPrimitive token) {
        return new ProgressChannel(token);
    }

    /** Waits until everything queued so far is written, at most {@code timeoutMs}. */
    public boolean flush(long timeoutMs) {
        Object marker = new Object();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        queue.add(new Runnable() {
            @Override
            public void run() {
                done.countDown();
            }

            @Override
            public String toString() {
                return marker.toString();
            }
        });
        try {
            return done.await(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** True once a write to the client failed (the client went away). */
    public boolean isBroken() {
        return broken;
    }

    @Override
    public void close() {
        queue.add(STOP);
    }

    private void drain() {
        try {
            while (true) {
                Object item = queue.take();
                if (item == STOP) {
                    out.flush();
                    return;
                }
                write(item);
                if (queue.isEmpty()) {
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            broken = true;
            LOG.debug("stdout closed: " + e.getMessage());
        }
    }

    private void write(Object item) throws IOException {
        if (item instanceof Runnable marker) {
            out.flush();
            marker.run();
        } else if (item instanceof ProgressChannel channel) {
            channel.writePending();
        } else if (item instanceof Message message) {
            writeFrame(json.serialize(message));
        } else {
            writeFrame((String) item);
        }
    }

    private void writeFrame(String body) throws IOException {
        if (broken) {
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try {
            out.write(("Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
        } catch (IOException e) {
            broken = true;
            throw e;
        }
        if (Log.enabled(Log.Level.TRACE)) {
            LOG.trace("sent " + (body.length() > 300 ? body.substring(0, 300) + "…" : body));
        }
    }

    /**
     * The {@code $/progress} stream of one request: one {@code begin}, gap-free {@code report}s,
     * one {@code end}; nothing after {@code end}.
     */
    public final class ProgressChannel implements ProgressSink {
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
        public synchronized void begin(String model) {
            if (begun || endReason != null) {
                return;
            }
            begun = true;
            queue.add(progressFrame(ProgressValue.begin(model)));
        }

        @Override
        public synchronized void report(String delta) {
            if (!begun || endReason != null || delta.isEmpty()) {
                return;
            }
            pending.append(delta);
            schedule();
        }

        @Override
        public synchronized void reasoning(String text) {
            if (!begun || endReason != null || text.isEmpty()) {
                return;
            }
            pendingReasoning.append(text);
            schedule();
        }

        @Override
        public synchronized void end(String finishReason) {
            if (endReason != null) {
                return;
            }
            endReason = finishReason;
            schedule();
        }

        private void schedule() {
            if (!scheduled) {
                scheduled = true;
                queue.add(this);
            }
        }

        /** Called on the writer thread. */
        void writePending() throws IOException {
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
