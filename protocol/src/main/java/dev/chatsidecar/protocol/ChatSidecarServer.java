package dev.chatsidecar.protocol;

import com.google.gson.JsonElement;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;

/**
 * What the sidecar serves. {@code chat/models} and {@code chat/complete} take raw JSON params so
 * that the server can answer malformed ones with a precise {@code invalid_request} message; their
 * shapes are {@link ChatCompleteParams} and an empty object.
 */
public interface ChatSidecarServer {
    @JsonRequest(Methods.INITIALIZE)
    CompletableFuture<InitializeResult> initialize(JsonElement params);

    @JsonNotification(Methods.INITIALIZED)
    void initialized(JsonElement params);

    @JsonRequest(Methods.SHUTDOWN)
    CompletableFuture<Object> shutdown();

    @JsonNotification(Methods.EXIT)
    void exit();

    @JsonRequest(Methods.CHAT_MODELS)
    CompletableFuture<ChatModelsResult> models(JsonElement params);

    @JsonRequest(Methods.CHAT_COMPLETE)
    CompletableFuture<ChatCompleteResult> complete(JsonElement params);

    @JsonNotification(Methods.WORK_DONE_PROGRESS_CANCEL)
    void cancelProgress(JsonElement params);

    @JsonNotification(Methods.DID_CHANGE_CONFIGURATION)
    void didChangeConfiguration(JsonElement params);
}
