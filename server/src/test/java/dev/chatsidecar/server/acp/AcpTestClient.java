package dev.chatsidecar.server.acp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.chatsidecar.server.backend.ChatBackend;
import dev.chatsidecar.server.settings.SettingsStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An {@link AcpServer} in this JVM on piped streams, and the client end: writes raw lines, parses
 * every line the server writes (failing the test on a line that is not JSON).
 */
final class AcpTestClient implements AutoCloseable {
    static final long TIMEOUT_SECONDS = 10;

    private final OutputStream toServer;
    private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    private final List<JsonObject> seen = new ArrayList<>();
    private final Thread server;
    final AcpServer acp;
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    private final Pipe.SourceChannel serverOutput;
    private int nextId = 1;

    AcpTestClient(List<ChatBackend> backends, Map<String, String> env) throws IOException {
        // NIO pipes rather than PipedInputStream, which fails reads once the last thread that wrote has ended
        Pipe input = Pipe.open();
        Pipe output = Pipe.open();
        this.toServer = Channels.newOutputStream(input.sink());
        this.serverOutput = output.source();
        InputStream fromServer = Channels.newInputStream(serverOutput);
        this.acp = new AcpServer(Channels.newInputStream(input.source()), Channels.newOutputStream(output.sink()),
                backends, new SettingsStore(env), exitCode::complete);
        this.server = new Thread(acp::run, "acp-test-server");
        server.setDaemon(true);
        server.start();
        Thread reader = new Thread(() -> readAll(fromServer), "acp-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** A client whose server has answered {@code initialize}. */
    static AcpTestClient initialized(List<ChatBackend> backends, Map<String, String> env) throws Exception {
        AcpTestClient client = new AcpTestClient(backends, env);
        client.result(client.request("initialize", "{\"protocolVersion\":1}"));
        return client;
    }

    /** The params of {@code session/prompt} with one text block. */
    static String prompt(String session, String text) {
        return "{\"sessionId\":\"" + session + "\",\"prompt\":[" + AcpJson.textBlock(text) + "]}";
    }

    /** The {@code stopReason} of a prompt's response. */
    static String stopReason(JsonObject response) {
        return response.getAsJsonObject("result").get("stopReason").getAsString();
    }

    /** Sends a request; returns its id. */
    synchronized int request(String method, String paramsJson) {
        int id = nextId++;
        sendLine("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}");
        return id;
    }

    void notify(String method, String paramsJson) {
        sendLine("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}");
    }

    synchronized void sendLine(String line) {
        try {
            toServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            toServer.flush();
        } catch (IOException e) {
            throw new AssertionError("the server stopped reading", e);
        }
    }

    /** The response to request {@code id} (its result or error object), skipping nothing else. */
    JsonObject response(int id) {
        return response(String.valueOf(id));
    }

    /** The response to the request whose id has this text (a string id, or a number written so). */
    JsonObject response(String id) {
        return next(m -> m.has("id") && !m.get("id").isJsonNull() && m.get("id").getAsString().equals(id)
                && !m.has("method"));
    }

    JsonObject result(int id) {
        JsonObject response = response(id);
        assertNotNull(response.get("result"), "expected a result, got " + response);
        return response.getAsJsonObject("result");
    }

    JsonObject error(int id) {
        JsonObject response = response(id);
        assertNotNull(response.get("error"), "expected an error, got " + response);
        return response.getAsJsonObject("error");
    }

    /** The next message matching {@code what}; earlier non-matching messages stay available to {@link #seen()}. */
    JsonObject next(Predicate<JsonObject> what) {
        synchronized (seen) {
            for (JsonObject message : seen) {
                if (what.test(message)) {
                    seen.remove(message);
                    return message;
                }
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            JsonObject message;
            try {
                message = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            if (message == null) {
                throw new AssertionError("no matching message within " + TIMEOUT_SECONDS + " s; unmatched: " + seen);
            }
            if (what.test(message)) {
                return message;
            }
            synchronized (seen) {
                seen.add(message);
            }
        }
    }

    /** The messages received so far that no {@link #next} call has taken, in arrival order. */
    List<JsonObject> seen() {
        synchronized (seen) {
            return new ArrayList<>(seen);
        }
    }

    /** A new session's id. */
    String newSession() {
        return result(request("session/new", "{\"cwd\":\"/tmp\",\"mcpServers\":[]}")).get("sessionId").getAsString();
    }

    /** The {@code update} objects of {@code session/update} for the session, up to the response of {@code id}. */
    List<JsonObject> updatesUntil(int id, String sessionId, JsonObject[] response) {
        List<JsonObject> updates = new ArrayList<>();
        while (true) {
            JsonObject message = next(m -> (m.has("method") && "session/update".equals(m.get("method").getAsString())
                    && m.getAsJsonObject("params").get("sessionId").getAsString().equals(sessionId))
                    || (m.has("id") && !m.has("method") && !m.get("id").isJsonNull()
                        && m.get("id").getAsString().equals(String.valueOf(id))));
            if (!message.has("method")) {
                response[0] = message;
                return updates;
            }
            updates.add(message.getAsJsonObject("params").getAsJsonObject("update"));
        }
    }

    /** Ends the input and returns the server's exit code. */
    int endInput() throws Exception {
        toServer.close();
        server.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        assertEquals(false, server.isAlive(), "the server ended after end of input");
        return exitCode.getNow(-1);
    }

    /** Closes the pipe the server writes to, as a client that closes the agent's stdout does. */
    void closeServerOutput() throws IOException {
        serverOutput.close();
    }

    /** The exit code the server reports, waiting for it at most {@link #TIMEOUT_SECONDS}. */
    int awaitExitCode() throws Exception {
        return exitCode.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private void readAll(InputStream fromServer) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                received.add(JsonParser.parseString(line).getAsJsonObject());
            }
        } catch (IOException e) {
            // the server closed its end
        }
    }

    @Override
    public void close() throws Exception {
        if (server.isAlive()) {
            endInput();
        }
    }
}
