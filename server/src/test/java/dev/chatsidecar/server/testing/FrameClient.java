package dev.chatsidecar.server.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The client end of a JSON-RPC session in tests: writes raw frames, and parses every frame the
 * server sends (failing on anything on the wire that is not a well-formed Content-Length frame).
 */
public final class FrameClient implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final OutputStream toServer;
    private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    private final List<String> rawFrames = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Thread readerThread;
    private volatile String wireError;
    private volatile boolean ended;
    private int nextId = 1;

    public FrameClient(OutputStream toServer, InputStream fromServer) {
        this.toServer = toServer;
        this.readerThread = new Thread(() -> readAll(fromServer), "test-frame-reader");
        this.readerThread.setDaemon(true);
        this.readerThread.start();
    }

    /** Sends a request and returns its id. */
    public synchronized int request(String method, JsonElement params) {
        int id = nextId++;
        JsonObject message = new JsonObject();
        message.addProperty("jsonrpc", "2.0");
        message.addProperty("id", id);
        message.addProperty("method", method);
        if (params != null) {
            message.add("params", params);
        }
        sendRaw(message.toString());
        return id;
    }

    public int request(String method, String paramsJson) {
        return request(method, paramsJson == null ? null : JsonParser.parseString(paramsJson));
    }

    public void notify(String method, String paramsJson) {
        JsonObject message = new JsonObject();
        message.addProperty("jsonrpc", "2.0");
        message.addProperty("method", method);
        if (paramsJson != null) {
            message.add("params", JsonParser.parseString(paramsJson));
        }
        sendRaw(message.toString());
    }

    /** Sends one well-framed body. */
    public void sendRaw(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        sendBytes(("Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        sendBytes(bytes);
    }

    /** Sends arbitrary bytes (for malformed frames). */
    public synchronized void sendBytes(byte[] bytes) {
        try {
            toServer.write(bytes);
            toServer.flush();
        } catch (IOException e) {
            throw new AssertionError("cannot write to the server: " + e, e);
        }
    }

    /** Sends initialize (with the given options JSON or none) and returns the response. */
    public JsonObject initialize(String initializationOptions) {
        int id = request("initialize", "{\"processId\":null,\"clientInfo\":{\"name\":\"test\"}"
                + (initializationOptions == null ? "" : ",\"initializationOptions\":" + initializationOptions) + "}");
        JsonObject response = response(id);
        notify("initialized", "{}");
        return response;
    }

    /** Waits for the response to request {@code id}. Earlier frames stay in {@link #seen()}. */
    public JsonObject response(int id) {
        return awaitFrame(f -> f.has("id") && !f.has("method") && f.get("id").isJsonPrimitive()
                && f.get("id").getAsString().equals(String.valueOf(id)), "response to request " + id);
    }

    /** Waits for the next frame matching {@code test}; frames passed over are kept in {@link #seen()}. */
    public JsonObject awaitFrame(Predicate<JsonObject> test, String what) {
        synchronized (seen) {
            for (JsonObject frame : seen) {
                if (test.test(frame) && !consumed.contains(frame)) {
                    consumed.add(frame);
                    return frame;
                }
            }
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonObject frame;
            try {
                frame = received.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            if (frame == null) {
                throw new AssertionError("timed out waiting for " + what + "; wire error: " + wireError
                        + "; frames so far: " + rawFrames);
            }
            synchronized (seen) {
                seen.add(frame);
                if (test.test(frame)) {
                    consumed.add(frame);
                    return frame;
                }
            }
        }
    }

    private final List<JsonObject> seen = new ArrayList<>();
    private final java.util.Set<JsonObject> consumed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    /** Every frame received so far (after draining what has arrived). */
    public List<JsonObject> seen() {
        JsonObject frame;
        synchronized (seen) {
            while ((frame = received.poll()) != null) {
                seen.add(frame);
            }
            return new ArrayList<>(seen);
        }
    }

    /** Drops every frame received so far (long tests keep memory flat with this). */
    public void forget() {
        synchronized (seen) {
            seen();
            seen.clear();
            consumed.clear();
        }
        rawFrames.clear();
    }

    /** All frames as raw text, in order. */
    public List<String> rawFrames() {
        synchronized (rawFrames) {
            return new ArrayList<>(rawFrames);
        }
    }

    /** {@code $/progress} values for {@code token}, in order of arrival. */
    public List<JsonObject> progress(String token) {
        List<JsonObject> values = new ArrayList<>();
        for (JsonObject frame : seen()) {
            if ("$/progress".equals(stringOrNull(frame.get("method")))
                    && frame.getAsJsonObject("params").get("token").getAsString().equals(token)) {
                values.add(frame.getAsJsonObject("params").getAsJsonObject("value"));
            }
        }
        return values;
    }

    /** A problem found on the wire (bytes that are not a frame), or {@code null}. */
    public String wireError() {
        return wireError;
    }

    /** True once the server closed its output. */
    public boolean ended() {
        return ended;
    }

    public void awaitEnd(Duration timeout) throws InterruptedException {
        readerThread.join(timeout.toMillis());
    }

    @Override
    public void close() {
        try {
            toServer.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private void readAll(InputStream in) {
        try {
            while (true) {
                String header = readHeader(in);
                if (header == null) {
                    break;
                }
                if (!header.startsWith("Content-Length: ")) {
                    wireError = "not a frame header: " + header;
                    break;
                }
                int length = Integer.parseInt(header.substring("Content-Length: ".length()));
                String blank = readHeader(in);
                if (!"".equals(blank)) {
                    wireError = "expected a blank line after the header, got: " + blank;
                    break;
                }
                byte[] body = in.readNBytes(length);
                if (body.length < length) {
                    wireError = "frame body cut short";
                    break;
                }
                String text = new String(body, StandardCharsets.UTF_8);
                rawFrames.add(text);
                JsonElement parsed = JsonParser.parseString(text);
                received.add(parsed.getAsJsonObject());
            }
        } catch (IOException | RuntimeException e) {
            wireError = "reading frames failed: " + e;
        } finally {
            ended = true;
        }
    }

    private static String readHeader(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.US_ASCII);
                if (!text.endsWith("\r")) {
                    throw new IOException("header line without CR: " + text);
                }
                return text.substring(0, text.length() - 1);
            }
            line.write(b);
        }
        if (line.size() > 0) {
            throw new IOException("stray bytes at end of output: " + line.toString(StandardCharsets.UTF_8));
        }
        return null;
    }

    private static String stringOrNull(JsonElement e) {
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
