package dev.chatsidecar.server.backend;

import dev.chatsidecar.protocol.ChatCompleteResult;
import dev.chatsidecar.protocol.ConversationRef;

/**
 * How an answer ended.
 *
 * @param finishReason {@code stop} or {@code length}
 * @param conversation ids that continue this conversation, or {@code null} when the backend keeps none
 * @param usage        token counts, or {@code null}
 */
public record BackendResult(String finishReason, ConversationRef conversation, ChatCompleteResult.Usage usage) {

    public static BackendResult stop() {
        return new BackendResult("stop", null, null);
    }
}
