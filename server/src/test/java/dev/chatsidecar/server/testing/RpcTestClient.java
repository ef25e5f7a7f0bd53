package dev.chatsidecar.server.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.chatsidecar.server.backend.ChatBackend;
import dev.chatsidecar.server.rpc.StdioServer;
import dev.chatsidecar.server.settings.SettingsStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The real JSON-RPC server in-process over piped streams, and a client that writes framed requests
 * and reads framed answers — the same bytes an editor would exchange with the jar.
 */
public final class RpcTestClient implements AutoCloseable {
    private final PipedOutputStream toServer = new PipedOutputStream();
    private final PipedInputStream fromServer = new PipedInputStream(1 << 20);
    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();

    public RpcTestClient(List<ChatBackend> backends) throws IOException {
        PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 20);
        PipedOutputStream serverOut = new PipedOutputStream(fromServer);
        StdioServer server = new StdioServer(serverIn, serverOut, backends, new SettingsStore(Map.of()),
                exitCode::complete);
        Thread serverThread = new Thread(() -> server.run(exitCode::complete), "rpc-test-server");
        serverThread.setDaemon(true);
        serverThread.start();
        Thread reader = new Thread(this::readFrames, "rpc-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Sends a request. */
    public void request(Object id, String method, JsonElement params) throws IOException {
        JsonObject message = new JsonObject();
        message.addProperty("jsonrpc", "2.0");
        if (id instanceof Number n) {
            message.addProperty("id", n);
        } else {
            message.addProperty("id", String.valueOf(id));
        }
        message.addProperty("method", method);
        message.add("params", params);
        write(message);
    }

    /** Sends a notification. */
    public void notify(String method, JsonElement params) throws IOException {
        JsonObject message = new JsonObject();
        message.addProperty("jsonrpc", "2.0");
        message.addProperty("method", method);
        message.add("params", params);
        write(message);
    }

    private synchronized void write(JsonObject message) throws IOException {
        byte[] body = message.toString().getBytes(StandardCharsets.UTF_8);
        toServer.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        toServer.write(body);
        toServer.flush();
    }

    /** Every frame until the response to {@code id} (inclusive), in arrival order. */
    public List<JsonObject> until(Object id, long timeoutMs) throws InterruptedException {
        List<JsonObject> seen = new ArrayList<>();
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            JsonObject frame = frames.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            if (frame == null) {
                throw new AssertionError("no response to " + id + " within " + timeoutMs + " ms; saw " + seen);
            }
            seen.add(frame);
            if (frame.has("id") && !frame.has("method") && frame.get("id").getAsString().equals(String.valueOf(id))) {
                return seen;
            }
        }
    }

    /** The next frame, waiting at most {@code timeoutMs}. */
    public JsonObject next(long timeoutMs) throws InterruptedException {
        return frames.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }

    private void readFrames() {
        try {
            InputStream in = fromServer;
            while (true) {
                int length = -1;
                String line;
                while (!(line = readLine(in)).isEmpty()) {
                    if (line.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                byte[] body = in.readNBytes(length);
                frames.add(JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject());
            }
        } catch (IOException | RuntimeException e) {
            // the server closed its output
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b == -1) {
                throw new IOException("end of output");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    public CompletableFuture<Integer> exitCode() {
        return exitCode;
    }

    /** Ends the server's input (as an editor closing the pipe). */
    @Override
    public void close() throws IOException {
        toServer.close();
    }
}
