package dev.chatsidecar.bench.driver;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A JSON-RPC server running as a child process, spoken to with {@code Content-Length} frames. One
 * daemon thread reads stdout and stamps every frame with its arrival time (both the monotonic
 * {@link System#nanoTime()} of this process and the wall clock, which another process can compare
 * with), so timings do not depend on when the caller gets around to looking. Stderr is drained to
 * keep the child from blocking; its tail is kept for error messages.
 */
public final class JsonRpcChild implements AutoCloseable {
    /** A frame as it arrived. */
    public record Frame(JsonObject json, long arrivedNanos, Instant arrivedAt) {
        public boolean isResponseTo(int id) {
            JsonElement frameId = json.get("id");
            return frameId != null && frameId.isJsonPrimitive() && frameId.getAsJsonPrimitive().isNumber()
                    && frameId.getAsInt() == id && !json.has("method");
        }

        public boolean isProgress() {
            return json.has("method") && "$/progress".equals(json.get("method").getAsString());
        }
    }

    private static final Frame END = new Frame(new JsonObject(), 0, Instant.EPOCH);

    private final Process process;
    private final long startedNanos;
    private final OutputStream stdin;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final StringBuffer stderrTail = new StringBuffer();
    private int nextId = 1;

    private JsonRpcChild(Process process, long startedNanos) {
        this.process = process;
        this.startedNanos = startedNanos;
        this.stdin = process.getOutputStream();
        daemon("frames-" + process.pid(), () -> readFrames(process.getInputStream()));
        daemon("stderr-" + process.pid(), () -> drainStderr(process.getErrorStream()));
    }

    /** Starts {@code command}; {@link #startedNanos()} is taken right before the spawn. */
    public static JsonRpcChild start(List<String> command, java.util.Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("CHAT_SIDECAR_") || k.startsWith("OPENAI_")
                || k.equalsIgnoreCase("https_proxy") || k.equalsIgnoreCase("no_proxy") || k.startsWith("JAVA_TOOL"));
        builder.environment().putAll(env);
        long before = System.nanoTime();
        Process process = builder.start();
        return new JsonRpcChild(process, before);
    }

    public long startedNanos() {
        return startedNanos;
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    /** Sends a request and returns its id. */
    public synchronized int request(String method, JsonElement params) throws IOException {
        int id = nextId++;
        JsonObject message = new JsonObject();
        message.addProperty("jsonrpc", "2.0");
        message.addProperty("id", id);
        message.addProperty("method", method);
        if (params != null) {
            message.add("params", params);
        }
        write(message);
        return id;
    }

    /** Sends a notification. */
    public synchronized void notify(String method, JsonElement params) throws IOException {
        JsonObject message = new JsonObject();
        message.addProperty("jsonrpc", "2.0");
        message.addProperty("method", method);
        if (params != null) {
            message.add("params", params);
        }
        write(message);
    }

    /** The next frame from the child, waiting at most {@code timeoutMs}. */
    public Frame next(long timeoutMs) throws IOException, InterruptedException, TimeoutException {
        Frame frame = frames.poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (frame == null) {
            throw new TimeoutException("no frame within " + timeoutMs + " ms; stderr: " + stderrTail());
        }
        if (frame == END) {
            frames.add(END);
            throw new IOException("the child's stdout ended; stderr: " + stderrTail());
        }
        return frame;
    }

    /** Skips frames until the response to {@code id} and returns it. */
    public Frame awaitResponse(int id, long timeoutMs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            Frame frame = next(Math.max(1, left));
            if (frame.isResponseTo(id)) {
                return frame;
            }
        }
    }

    /** {@code initialize} + {@code initialized}; returns the response frame. */
    public Frame initialize(JsonObject initializationOptions) throws Exception {
        JsonObject params = new JsonObject();
        params.addProperty("processId", ProcessHandle.current().pid());
        params.add("capabilities", new JsonObject()); // required by LSP (and by the Copilot peer)
        if (initializationOptions != null) {
            params.add("initializationOptions", initializationOptions);
        }
        int id = request("initialize", params);
        Frame response = awaitResponse(id, 30_000);
        notify("initialized", new JsonObject());
        return response;
    }

    /** {@code shutdown} + {@code exit}, then waits for the process to end (kills it after 10 s). */
    public int shutdown() throws Exception {
        int id = request("shutdown", null);
        awaitResponse(id, 10_000);
        notify("exit", null);
        stdin.close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new TimeoutException("the child did not exit after shutdown + exit");
        }
        return process.exitValue();
    }

    public String stderrTail() {
        return stderrTail.toString();
    }

    @Override
    public void close() {
        // a launcher (e.g. Node starting a native server) leaves its children behind otherwise
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private void write(JsonObject message) throws IOException {
        byte[] body = message.toString().getBytes(StandardCharsets.UTF_8);
        stdin.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        stdin.write(body);
        stdin.flush();
    }

    private void readFrames(InputStream raw) {
        InputStream in = new BufferedInputStream(raw, 1 << 16);
        try {
            while (true) {
                int length = readContentLength(in);
                if (length < 0) {
                    break;
                }
                byte[] body = in.readNBytes(length);
                long nanos = System.nanoTime();
                Instant at = Instant.now();
                if (body.length < length) {
                    break;
                }
                JsonObject json = JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
                frames.add(new Frame(json, nanos, at));
            }
        } catch (IOException | RuntimeException e) {
            stderrTail.append("[driver: reading frames failed: ").append(e).append("]\n");
        }
        frames.add(END);
    }

    /** Reads header lines up to the blank line; -1 at end of input. */
    private static int readContentLength(InputStream in) throws IOException {
        int length = -1;
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return -1;
            }
            if (b != '\n') {
                line.write(b);
                continue;
            }
            String text = line.toString(StandardCharsets.US_ASCII).trim();
            line.reset();
            if (text.isEmpty()) {
                if (length >= 0) {
                    return length;
                }
                continue;
            }
            if (text.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(text.substring(15).trim());
            }
        }
    }

    private void drainStderr(InputStream in) {
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                stderrTail.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                if (stderrTail.length() > 8192) {
                    stderrTail.delete(0, stderrTail.length() - 4096);
                }
            }
        } catch (IOException ignored) {
            // the child ended
        }
    }

    static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }
}
