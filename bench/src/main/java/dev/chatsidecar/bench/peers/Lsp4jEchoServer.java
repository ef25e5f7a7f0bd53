package dev.chatsidecar.bench.peers;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;

/**
 * The "bare LSP4J server" comparison line: LSP4J's own {@link Launcher} on stdio with an
 * {@code initialize} that answers at once, an {@code echo} request, {@code shutdown} and {@code exit}.
 * It is what any LSP4J-based JSON-RPC server costs before it does anything of its own. Packaged in
 * {@code bench/target/lsp4j-echo.jar} with LSP4J and Gson only.
 */
public final class Lsp4jEchoServer {
    /** The client side of the connection: this server calls nothing on it. */
    public interface Client {
    }

    private volatile boolean shutDown;

    @JsonRequest
    public CompletableFuture<JsonObject> initialize(JsonElement params) {
        JsonObject serverInfo = new JsonObject();
        serverInfo.addProperty("name", "lsp4j-echo");
        serverInfo.addProperty("version", "1");
        JsonObject result = new JsonObject();
        result.add("serverInfo", serverInfo);
        result.add("capabilities", new JsonObject());
        return CompletableFuture.completedFuture(result);
    }

    @JsonNotification
    public void initialized(JsonElement params) {
    }

    @JsonRequest
    public CompletableFuture<JsonElement> echo(JsonElement params) {
        return CompletableFuture.completedFuture(params);
    }

    @JsonRequest
    public CompletableFuture<Object> shutdown() {
        shutDown = true;
        return CompletableFuture.completedFuture(null);
    }

    @JsonNotification
    public void exit() {
        System.exit(shutDown ? 0 : 1);
    }

    public static void main(String[] args) throws Exception {
        Launcher<Client> launcher = new Launcher.Builder<Client>()
                .setLocalService(new Lsp4jEchoServer())
                .setRemoteInterface(Client.class)
                .setInput(System.in)
                .setOutput(System.out)
                .create();
        launcher.startListening().get();
        System.exit(1);
    }
}
