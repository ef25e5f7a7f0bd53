package dev.chatsidecar.protocol;

import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;

/** What the sidecar sends to its client besides responses. */
public interface ChatSidecarClient {
    @JsonNotification(Methods.PROGRESS)
    void progress(ProgressParams params);

    @JsonNotification(Methods.LOG_MESSAGE)
    void logMessage(LogMessageParams params);

    /** Some model's availability changed; params are {@code {}}. */
    @JsonNotification(Methods.MODELS_CHANGED)
    void modelsChanged(com.google.gson.JsonObject params);
}
