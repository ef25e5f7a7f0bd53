package dev.chatsidecar.server.testing;

import dev.chatsidecar.server.backend.ChatBackend;
import dev.chatsidecar.server.rpc.StdioServer;
import dev.chatsidecar.server.settings.SettingsStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A real {@link StdioServer} on piped streams, with a {@link FrameClient} attached. */
public final class InProcessServer implements AutoCloseable {
    public final FrameClient client;
    public final StdioServer server;
    /** Completes with the exit code the server asked for. */
    public final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    private final Thread serverThread;

    public InProcessServer(List<ChatBackend> backends) {
        this(backends, Map.of(), null);
    }

    /**
     * @param wrapOutput lets a test slow down or observe the server's stdout (may be {@code null})
     */
    public InProcessServer(List<ChatBackend> backends, Map<String, String> env,
                           java.util.function.UnaryOperator<OutputStream> wrapOutput) {
        try {
            PipedOutputStream clientToServer = new PipedOutputStream();
            PipedInputStream serverIn = new PipedInputStream(clientToServer, 1 << 16);
            PipedInputStream clientIn = new PipedInputStream(1 << 16);
            PipedOutputStream serverToClient = new PipedOutputStream(clientIn);
            OutputStream serverOut = wrapOutput == null ? serverToClient : wrapOutput.apply(serverToClient);
            server = new StdioServer(serverIn, serverOut, backends, new SettingsStore(env), this::exited);
            serverThread = new Thread(() -> server.run(this::exited), "test-server");
            serverThread.setDaemon(true);
            serverThread.start();
            client = new FrameClient(clientToServer, clientIn);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void exited(int code) {
        exitCode.complete(code);
    }

    /** Waits for the server to ask for exit and returns the code. */
    public int awaitExit() throws Exception {
        return exitCode.get(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        client.close();
    }
}
